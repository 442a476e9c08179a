package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's application with a {@code @StreamRequestBody} handler that writes a raw {@code PUT} to disk as it arrives:
 * 200 MB, four times max_body_size, through the launcher in a 64 MB heap and through Tomcat and jetty-home, with and
 * without a Content-Length; the file and the md5 the handler answers are the bytes sent.
 */
class StreamingUploadsIT {
    private static final long SIZE = 200L * 1024 * 1024;

    @TempDir
    static Path work;

    private static Path app;

    @BeforeAll
    static void writeTheApplication() throws Exception {
        app = UserApps.write(work.resolve("put-app"), "dev.put.PutApp", """
                package dev.put;

                import dev.gale.web.Application;
                import dev.gale.web.ApplicationProvider;
                import dev.gale.web.RequestHandler;
                import dev.gale.web.Setting;
                import dev.gale.web.StreamRequestBody;
                import java.io.IOException;
                import java.nio.ByteBuffer;
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;
                import java.security.MessageDigest;
                import java.util.HexFormat;
                import java.util.Map;

                public final class PutApp implements ApplicationProvider {
                    static final Setting<String> STORE = Setting.string("store_dir", "", "Where uploads go");

                    @Override
                    public Application create() {
                        return Application.builder()
                                .option(STORE)
                                .route("/", Ready.class)
                                .route("/files/([a-z]+)", Upload.class)
                                .build();
                    }

                    public static final class Ready extends RequestHandler {
                        @Override
                        protected void get() {
                            write("ready");
                        }
                    }

                    @StreamRequestBody
                    public static final class Upload extends RequestHandler {
                        private FileChannel file;
                        private MessageDigest md5;
                        private long size;

                        @Override
                        protected void prepare() throws Exception {
                            md5 = MessageDigest.getInstance("MD5");
                            file = FileChannel.open(
                                    Path.of(settings().get(STORE)).resolve(pathArg(1)),
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE,
                                    StandardOpenOption.TRUNCATE_EXISTING);
                        }

                        @Override
                        protected void dataReceived(ByteBuffer chunk) throws IOException {
                            md5.update(chunk.duplicate());
                            size += chunk.remaining();
                            while (chunk.hasRemaining()) {
                                file.write(chunk);
                            }
                        }

                        @Override
                        protected void put() throws IOException {
                            file.close();
                            write(Map.of(
                                    "md5", HexFormat.of().formatHex(md5.digest()),
                                    "size", size,
                                    "max_heap", Runtime.getRuntime().maxMemory()));
                        }

                        @Override
                        protected void onFinish() {
                            try {
                                file.close();
                            } catch (IOException e) {
                                System.err.println("cannot close the upload: " + e);
                            }
                        }
                    }
                }
                """);
    }

    @Test
    void theLauncherWritesA200MbPutToDiskInA64MbHeap() throws Exception {
        Path store = Files.createDirectories(work.resolve("launcher-store"));
        try (LauncherProcess launcher = LauncherProcess.start(
                Artifacts.launcherJar(),
                List.of("-Xmx64m"),
                app.toString(),
                "--port=0",
                "--address=127.0.0.1",
                "--store_dir=" + store)) {
            for (boolean chunked : new boolean[] {false, true}) {
                String answer = put(launcher.client(), launcher.base().resolve("files/big"), chunked, launcher::output);
                assertTrue(maxHeap(answer) <= 64L * 1024 * 1024, answer);
                assertStored(store.resolve("big"), answer);
            }
        }
    }

    @Test
    void tomcatWritesA200MbPutToDisk() throws Exception {
        assertContainerStores(new TomcatDistribution(Artifacts.tomcatHome()));
    }

    @Test
    void jettyHomeWritesA200MbPutToDisk() throws Exception {
        assertContainerStores(new JettyHomeDistribution(Artifacts.jettyHome()));
    }

    /** The application as a WAR in {@code distribution} stores a PUT with a Content-Length and a chunked one. */
    private static void assertContainerStores(Distribution distribution) throws Exception {
        Path store = Files.createDirectories(work.resolve(distribution.name() + "-store"));
        Path war = UserApps.war(app, work.resolve(distribution.name() + "-put.war"));
        try (ContainerProcess container = ContainerProcess.start(
                distribution, war, List.of(Deployment.of("put", Map.of("store_dir", store.toString()))))) {
            for (boolean chunked : new boolean[] {false, true}) {
                String answer = put(container.client(), container.uri("/put/files/big"), chunked, container::output);
                assertStored(store.resolve("big"), answer);
            }
        }
    }

    /** The largest heap the serving JVM may use, as the handler answers it. */
    private static long maxHeap(String answer) {
        return Long.parseLong(answer.replaceAll(".*\"max_heap\":(\\d+).*", "$1"));
    }

    /** Sends {@value #SIZE} bytes, with a Content-Length or chunked; the answer, checked against what was sent. */
    private static String put(HttpClient client, URI uri, boolean chunked, Supplier<String> output) throws Exception {
        GeneratedBody body = new GeneratedBody(SIZE);
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(3))
                .PUT(chunked ? stream : HttpRequest.BodyPublishers.fromPublisher(stream, SIZE))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> response.body() + output.get());
        assertTrue(response.body().contains("\"md5\":\"" + body.md5Hex() + "\""), response::body);
        assertTrue(response.body().contains("\"size\":" + SIZE), response::body);
        return response.body();
    }

    /** The file holds the bytes the answer's md5 names. */
    private static void assertStored(Path file, String answer) throws IOException {
        assertEquals(SIZE, Files.size(file));
        MessageDigest md5 = newMd5();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        assertTrue(answer.contains(HexFormat.of().formatHex(md5.digest())), answer);
        Files.delete(file);
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} pseudo-random bytes made as they are read, never held, with the md5 of what was read. */
    private static final class GeneratedBody extends InputStream {
        private final SplittableRandom random = new SplittableRandom(42);
        private final MessageDigest md5 = newMd5();
        private long left;

        GeneratedBody(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) random.nextInt(256);
            }
            md5.update(buffer, offset, n);
            left -= n;
            return n;
        }

        /** The md5 of the bytes read so far, in lowercase hex. */
        String md5Hex() {
            return HexFormat.of().formatHex(md5.digest());
        }
    }
}
