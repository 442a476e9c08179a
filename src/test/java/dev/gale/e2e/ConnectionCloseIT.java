package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long poll whose client goes away, as a chat's browser tab that closes: the handler's {@code onConnectionClose}
 * runs while it still waits for its event, not when the event finally comes, and the access line says 499. The
 * long poll that stays is answered as before, on a connection that stays usable.
 */
class ConnectionCloseIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path work;

    private static Path app;

    @BeforeAll
    static void writeTheApplication() throws Exception {
        app = UserApps.write(work.resolve("poll-app"), "dev.poll.PollApp", """
                package dev.poll;

                import dev.gale.web.Application;
                import dev.gale.web.ApplicationProvider;
                import dev.gale.web.RequestHandler;
                import java.util.List;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CopyOnWriteArrayList;
                import java.util.concurrent.atomic.AtomicInteger;

                public final class PollApp implements ApplicationProvider {
                    static final List<CompletableFuture<String>> WAITING = new CopyOnWriteArrayList<>();
                    static final AtomicInteger CLOSED = new AtomicInteger();
                    static final AtomicInteger SAW_CLOSED = new AtomicInteger();

                    @Override
                    public Application create() {
                        return Application.builder()
                                .route("/poll", Poll.class)
                                .route("/event", Event.class)
                                .route("/", Counts.class)
                                .route("/counts", Counts.class)
                                .build();
                    }

                    public static final class Poll extends RequestHandler {
                        private final CompletableFuture<String> message = new CompletableFuture<>();

                        @Override
                        protected void get() {
                            WAITING.add(message);
                            finishAfter(message.thenAccept(this::write));
                        }

                        @Override
                        protected void onConnectionClose() {
                            WAITING.remove(message);
                            CLOSED.incrementAndGet();
                            if (isConnectionClosed()) {
                                SAW_CLOSED.incrementAndGet();
                            }
                            message.cancel(false);
                        }
                    }

                    public static final class Event extends RequestHandler {
                        @Override
                        protected void get() {
                            WAITING.forEach(waiting -> waiting.complete(getArgument("text", "event")));
                            WAITING.clear();
                            write("sent");
                        }
                    }

                    public static final class Counts extends RequestHandler {
                        @Override
                        protected void get() {
                            write("waiting=" + WAITING.size() + " closed=" + CLOSED.get() + " saw=" + SAW_CLOSED.get());
                        }
                    }
                }
                """);
    }

    @Test
    void theLauncherTellsTheHandlerAtOnceAndKeepsAnsweringTheOthers() throws Exception {
        try (LauncherProcess launcher =
                LauncherProcess.start(Artifacts.launcherJar(), app.toString(), "--port=0", "--address=127.0.0.1")) {
            Socket abandoned = open(launcher.base().resolve("/poll"));
            awaitCounts(launcher, "waiting=1 closed=0 saw=0");
            abandoned.close();
            // No event is ever sent for it: only the close can end it.
            awaitCounts(launcher, "waiting=0 closed=1 saw=1");
            launcher.awaitLog("499 GET /poll", WAIT);

            try (Socket kept = open(launcher.base().resolve("/poll"))) {
                awaitCounts(launcher, "waiting=1 closed=1 saw=1");
                CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> readResponse(kept));
                assertEquals("sent", get(launcher, "/event?text=hello"));
                String response = answer.get();
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.endsWith("hello"), response);
                // The same connection carries the next request.
                send(kept, launcher.base().resolve("/counts"));
                assertTrue(readResponse(kept).endsWith("waiting=0 closed=1 saw=1"));
            }
            assertTrue(
                    launcher.stderr().stream().noneMatch(line -> line.contains("Exception") && !line.contains("DEBUG")),
                    launcher::output);
        }
    }

    @Test
    void aRequestPipelinedBehindAWaitingOneIsNotTakenForAClose() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                        Artifacts.launcherJar(), app.toString(), "--port=0", "--address=127.0.0.1");
                Socket pipelining = open(launcher.base().resolve("/poll"))) {
            awaitCounts(launcher, "waiting=1 closed=0 saw=0");
            send(pipelining, launcher.base().resolve("/counts"));
            assertEquals("sent", get(launcher, "/event?text=answered"));
            String response = readResponse(pipelining);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("answered"), response);
            // Its bytes were read while it waited, so the connection closes; HTTP/1.1 has the client send it again.
            assertTrue(response.contains("Connection: close"), response);
            assertEquals(-1, pipelining.getInputStream().read());
            assertEquals("waiting=0 closed=0 saw=0", get(launcher, "/counts"));
        }
    }

    private static Socket open(URI uri) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) WAIT.toMillis());
        send(socket, uri);
        return socket;
    }

    private static void send(Socket socket, URI uri) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One response with a Content-Length, read from {@code socket}: its head and body as text. */
    private static String readResponse(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed after " + head);
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(LauncherProcess launcher, String path) throws Exception {
        HttpResponse<String> response = launcher.get(path);
        assertEquals(200, response.statusCode(), launcher::output);
        return response.body();
    }

    private static void awaitCounts(LauncherProcess launcher, String expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String counts = get(launcher, "/counts");
        while (!counts.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            counts = get(launcher, "/counts");
        }
        assertEquals(expected, counts, launcher::output);
    }
}
