package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More slow clients than the launcher has threads (200): bodies sent a byte a second to {@code POST /login} and
 * {@code POST /upload}, and large static files asked for and never read. Other clients are still served, and an
 * upload still completes.
 */
class SlowClientsIT {
    private static final int SLOW_FORMS = 130;
    private static final int SLOW_UPLOADS = 130;
    private static final int NON_READERS = 260;
    private static final int PROBES = 15;
    private static final String BOUNDARY = "slow-clients-boundary-3f9a";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    static Path base;

    private static LauncherProcess app;
    private static String xsrf;

    @BeforeAll
    static void start() throws Exception {
        Path webroot = Artifacts.copyDemoWebRoot(base.resolve("webroot"));
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(5).nextBytes(big);
        Files.write(webroot.resolve("static/big.bin"), big);
        app = LauncherProcess.start(
                Artifacts.launcherJar(),
                "--port=0",
                "--address=127.0.0.1",
                "--webroot=" + webroot,
                "--cookie_secret=slow-clients-e2e-secret-0123456789abcdef");
        xsrf = app.get("/login").headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("_xsrf="))
                .map(h -> h.substring("_xsrf=".length()).split(";", 2)[0])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no _xsrf cookie"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void bodiesSentAByteASecondLeaveTheServerServing() throws Exception {
        String form = "POST /login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n_";
        String upload = "POST /upload HTTP/1.1\r\nHost: localhost\r\nCookie: _xsrf=" + xsrf + "\r\nX-XSRFToken: "
                + xsrf + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                + "\r\nContent-Length: 100000\r\n\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n\r\n";
        try (SlowClients slow = new SlowClients()) {
            slow.open(SLOW_FORMS, form, true);
            slow.open(SLOW_UPLOADS, upload, true);
            assertStillServing();
        }
    }

    @Test
    void downloadsNeverReadLeaveTheServerServing() throws Exception {
        try (SlowClients slow = new SlowClients()) {
            slow.open(NON_READERS, "GET /static/big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n", false);
            assertStillServing();
        }
    }

    /** {@code GET /} answers every probe, and a 1 MB upload arrives whole. */
    private static void assertStillServing() throws Exception {
        for (int i = 0; i < PROBES; i++) {
            HttpResponse<String> probe = HTTP.send(
                    HttpRequest.newBuilder(app.base().resolve("/"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, probe.statusCode());
            assertEquals("Hello, world", probe.body());
            Thread.sleep(200);
        }
        byte[] content = new byte[1024 * 1024];
        new Random(7).nextBytes(content);
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"whole.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        HttpResponse<String> uploaded = HTTP.send(
                HttpRequest.newBuilder(app.base().resolve("/upload"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                        .header("Cookie", "_xsrf=" + xsrf)
                        .header("X-XSRFToken", xsrf)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, uploaded.statusCode(), uploaded::body);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        assertTrue(uploaded.body().contains("\"md5\":\"" + md5 + "\""), uploaded::body);
    }

    /** Connections that send a request and then go slow: a byte of body a second, or never reading the answer. */
    private static final class SlowClients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final List<Socket> trickling = new ArrayList<>();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

        SlowClients() {
            var unused = ticker.scheduleAtFixedRate(this::trickle, 1, 1, TimeUnit.SECONDS);
        }

        void open(int count, String request, boolean trickle) throws IOException {
            byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(), app.base().getPort()),
                        5000);
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                synchronized (this) {
                    sockets.add(socket);
                    if (trickle) {
                        trickling.add(socket);
                    }
                }
            }
        }

        private synchronized void trickle() {
            for (Socket socket : trickling) {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    // the server cut this one; the others keep going
                }
            }
        }

        @Override
        public synchronized void close() {
            ticker.shutdownNow();
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing is all that is left to do
                }
            }
        }
    }
}
