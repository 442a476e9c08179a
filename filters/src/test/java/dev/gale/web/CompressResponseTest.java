package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code compress_response}: dynamic text bodies of 1 KB or more are gzipped for clients that accept gzip. */
class CompressResponseTest {
    private static TestServer server;
    private static TestServer plainServer;

    /** {@code ?n=} characters of text, or of an image when {@code ?type=} says so. */
    public static final class SizedHandler extends RequestHandler {
        @Override
        protected void get() {
            int n = Integer.parseInt(getArgument("n"));
            String type = getArgument("type", null);
            if (type != null) {
                setHeader("Content-Type", type);
            }
            write(text(n));
        }
    }

    static String text(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; out.length() < n; i++) {
            out.append("line ").append(i).append(" of a page that compresses well\n");
        }
        return out.substring(0, n);
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(Application.builder()
                .setting(Settings.COMPRESS_RESPONSE, true)
                .route("/sized", SizedHandler.class)
                .build());
        plainServer = TestServer.start(
                Application.builder().route("/sized", SizedHandler.class).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        plainServer.close();
    }

    private static HttpResponse<byte[]> get(TestServer on, String path, String acceptEncoding) {
        HttpRequest.Builder request = on.request(path).GET();
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        try {
            return on.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name);
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aLargeTextBodyIsGzippedForAClientThatAcceptsGzip() throws IOException {
        for (String accept : List.of("gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.5", "*")) {
            HttpResponse<byte[]> response = get(server, "/sized?n=4000", accept);
            assertEquals(200, response.statusCode());
            assertEquals(Optional.of("gzip"), header(response, "Content-Encoding"), accept);
            assertEquals(Optional.of("Accept-Encoding"), header(response, "Vary"), accept);
            assertEquals(Optional.of(Integer.toString(response.body().length)), header(response, "Content-Length"));
            assertTrue(response.body().length < 4000 / 4, "gzip should shrink repetitive text");
            assertArrayEquals(text(4000).getBytes(StandardCharsets.UTF_8), gunzip(response.body()));
        }
    }

    @Test
    void theThresholdIsOneKilobyte() throws IOException {
        HttpResponse<byte[]> atThreshold = get(server, "/sized?n=1024", "gzip");
        assertEquals(Optional.of("gzip"), header(atThreshold, "Content-Encoding"));
        assertArrayEquals(text(1024).getBytes(StandardCharsets.UTF_8), gunzip(atThreshold.body()));

        HttpResponse<byte[]> below = get(server, "/sized?n=1023", "gzip");
        assertEquals(Optional.empty(), header(below, "Content-Encoding"));
        assertArrayEquals(text(1023).getBytes(StandardCharsets.UTF_8), below.body());
    }

    @Test
    void aSmallBodyIsSentAsIs() {
        HttpResponse<byte[]> response = get(server, "/sized?n=100", "gzip");
        assertEquals(200, response.statusCode());
        assertEquals(Optional.empty(), header(response, "Content-Encoding"));
        assertEquals(Optional.of("100"), header(response, "Content-Length"));
        assertArrayEquals(text(100).getBytes(StandardCharsets.UTF_8), response.body());
    }

    @Test
    void aClientThatDoesNotAcceptGzipGetsTheBodyAsIsWithVary() {
        for (String accept : new String[] {null, "identity", "br", "gzip;q=0", "*;q=0", "gzip;q=0, *"}) {
            HttpResponse<byte[]> response = get(server, "/sized?n=4000", accept);
            String what = String.valueOf(accept);
            assertEquals(Optional.empty(), header(response, "Content-Encoding"), what);
            assertEquals(
                    Optional.of("Accept-Encoding"),
                    header(response, "Vary"),
                    "a cache must know the body depends on Accept-Encoding: " + what);
            assertArrayEquals(text(4000).getBytes(StandardCharsets.UTF_8), response.body(), what);
        }
    }

    @Test
    void aTypeThatDoesNotCompressIsSentAsIs() {
        HttpResponse<byte[]> response = get(server, "/sized?n=4000&type=image/png", "gzip");
        assertEquals(Optional.empty(), header(response, "Content-Encoding"));
        assertEquals(Optional.empty(), header(response, "Vary"));
        assertEquals(4000, response.body().length);
    }

    @Test
    void aJsonBodyCompressesToo() throws IOException {
        HttpResponse<byte[]> response = get(server, "/sized?n=3000&type=application/json", "gzip");
        assertEquals(Optional.of("gzip"), header(response, "Content-Encoding"));
        assertArrayEquals(text(3000).getBytes(StandardCharsets.UTF_8), gunzip(response.body()));
    }

    @Test
    void headSendsTheHeadersOfTheGzippedBody() {
        HttpResponse<byte[]> get = get(server, "/sized?n=4000", "gzip");
        try {
            HttpResponse<byte[]> head = server.client()
                    .send(
                            server.request("/sized?n=4000")
                                    .header("Accept-Encoding", "gzip")
                                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
            assertEquals(Optional.of("gzip"), header(head, "Content-Encoding"));
            assertEquals(header(get, "Content-Length"), header(head, "Content-Length"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutTheSettingNothingIsGzipped() {
        HttpResponse<byte[]> response = get(plainServer, "/sized?n=4000", "gzip");
        assertEquals(200, response.statusCode());
        assertEquals(Optional.empty(), header(response, "Content-Encoding"));
        assertArrayEquals(text(4000).getBytes(StandardCharsets.UTF_8), response.body());
    }
}
