package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code max_body_size} for bodies a handler reads itself, with and without a Content-Length. */
class BodyLimitTest {
    private static final long LIMIT = 10_000;
    private static TestServer server;

    public static final class BodyHandler extends RequestHandler {
        @Override
        protected void post() {
            write("read " + getBody().length);
        }
    }

    public static final class FormHandler extends RequestHandler {
        @Override
        protected void post() {
            write("a has " + getArgument("a", "").length());
        }
    }

    public static final class FilesHandler extends RequestHandler {
        @Override
        protected void post() {
            write("files " + getFiles("file").size());
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(Application.builder()
                .setting(Settings.MAX_BODY_SIZE, LIMIT)
                .route("/body", BodyHandler.class)
                .route("/form", FormHandler.class)
                .route("/files", FilesHandler.class)
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return server.send(server.request(path)
                .header("Content-Type", contentType)
                .POST(publisher)
                .build());
    }

    @Test
    void bodiesUpToTheLimitAreRead() {
        byte[] body = new byte[(int) LIMIT];
        for (boolean chunked : new boolean[] {false, true}) {
            HttpResponse<String> response = post("/body", "application/octet-stream", body, chunked);
            assertEquals(200, response.statusCode(), "chunked " + chunked);
            assertEquals("read " + LIMIT, response.body());
        }
    }

    /**
     * Sends {@code head} and then, from another thread, {@code body} (if any) while this one waits for the answer:
     * a server that answers before reading everything closes the connection, and a client that only reads after
     * writing (as HttpClient does) may see the close rather than the answer.
     */
    private static String exchange(String head, byte[] body) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    for (int at = 0; at < body.length; at += 1024) {
                        out.write(body, at, Math.min(1024, body.length - at));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server stopped reading
                }
            });
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                InputStream in = socket.getInputStream();
                // The head, then as much body as its Content-Length says: the connection may stay open.
                while (!response.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    response.write(b);
                }
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                        .matcher(response.toString(StandardCharsets.ISO_8859_1));
                if (length.find()) {
                    response.write(in.readNBytes(Integer.parseInt(length.group(1))));
                }
            } catch (SocketException e) {
                // reset after the answer, for the body the server left unread
            }
            writer.join(30_000);
            return response.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String head(String path, String contentType, String framing) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\n" + framing
                + "\r\n";
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 4096) {
            int n = Math.min(4096, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Over the limit: announced (answered before the body is sent), and chunked (counted as it is read). */
    private static void assert413(String path, String contentType, byte[] body) throws Exception {
        String announced = exchange(head(path, contentType, "Content-Length: " + body.length + "\r\n"), new byte[0]);
        assertTrue(announced.startsWith("HTTP/1.1 413 "), announced);
        assertTrue(announced.toLowerCase(java.util.Locale.ROOT).contains("content-length: "), announced);
        String counted = exchange(head(path, contentType, "Transfer-Encoding: chunked\r\n"), chunked(body));
        assertTrue(counted.startsWith("HTTP/1.1 413 "), counted);
    }

    @Test
    void rawBodiesOverTheLimitAre413() throws Exception {
        assert413("/body", "application/octet-stream", new byte[(int) LIMIT + 1]);
    }

    @Test
    void formBodiesOverTheLimitAre413() throws Exception {
        byte[] body = ("a=" + "x".repeat((int) LIMIT)).getBytes(StandardCharsets.US_ASCII);
        assert413("/form", "application/x-www-form-urlencoded", body);
        byte[] fits = ("a=" + "x".repeat((int) LIMIT - 2)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "a has " + (LIMIT - 2),
                post("/form", "application/x-www-form-urlencoded", fits, true).body());
        assertEquals(
                "a has " + (LIMIT - 2),
                post("/form", "application/x-www-form-urlencoded", fits, false).body());
    }

    @Test
    void multipartBodiesOverTheLimitAre413() throws Exception {
        String boundary = "limit-test-boundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n\r\n"
                        + "x".repeat((int) LIMIT) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assert413("/files", "multipart/form-data; boundary=" + boundary, body);
    }

    @Test
    void http2BodiesWithoutALengthAreCountedToo() throws Exception {
        try (TestServer h2 = TestServer.builder()
                .application(Application.builder()
                        .setting(Settings.MAX_BODY_SIZE, LIMIT)
                        .route("/body", BodyHandler.class)
                        .build())
                .http2()
                .startOrThrow()) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            // The first request upgrades the connection; HTTP/2 frames a body without Content-Length or chunks.
            HttpResponse<String> upgrade =
                    client.send(h2.request("/body").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, upgrade.version());
            byte[] body = new byte[(int) LIMIT * 10];
            HttpResponse<String> response = client.send(
                    h2.request("/body")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            assertEquals(413, response.statusCode(), response::body);
        }
    }
}
