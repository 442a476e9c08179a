package dev.gale.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.web.Application;
import dev.gale.web.Settings;
import dev.gale.web.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers of static responses without a body (304, HEAD) and of multipart ranges, read byte for byte from a
 * raw socket: a Content-Length, when sent, must be the length a 200 to GET would have.
 */
class StaticResponseTest {
    @TempDir
    static Path root;

    private static TestServer server;
    private static long bigSize;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(root.resolve("small.txt"), "0123456789abcdefghijklmnopqrstuvwxyz\n".repeat(20));
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 400_000; i++) {
            big.append("line ").append(i).append(" of a file too big to keep in memory\n");
        }
        Files.writeString(root.resolve("big.txt"), big);
        bigSize = Files.size(root.resolve("big.txt"));
        server = TestServer.start(Application.builder()
                .setting(Settings.STATIC_PATH, root.toString())
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A raw response: the head as text and the body's length. */
    private record Raw(String head, int bodyLength) {
        int status() {
            return Integer.parseInt(head.split(" ", 3)[1]);
        }

        Optional<String> header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return Optional.of(line.substring(name.length() + 1).strip());
                }
            }
            return Optional.empty();
        }
    }

    private static Raw raw(String method, String target, String... headers) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return new Raw(text.substring(0, end), all.size() - end - 4);
        }
    }

    /** The length of a GET body with chunked framing removed, or the Content-Length body as sent. */
    private static long getLength(String target, String... headers) throws IOException {
        Raw get = raw("GET", target, headers);
        assertEquals(200, get.status(), get.head());
        if (get.header("Transfer-Encoding").isPresent()) {
            throw new AssertionError("chunked GET bodies are not measured here: " + get.head());
        }
        return get.bodyLength();
    }

    private static void assertNoWrongLength(Raw response, long rightLength) {
        response.header("Content-Length")
                .ifPresent(length -> assertEquals(
                        Long.toString(rightLength),
                        length,
                        "a Content-Length on a response without a body must be the GET body's: " + response.head()));
    }

    @Test
    void a304SendsNoContentLengthButTheFiles() throws IOException {
        long size = Files.size(root.resolve("small.txt"));
        for (String condition : new String[] {"If-None-Match: *", "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT"}) {
            Raw response = raw("GET", "/static/small.txt", condition);
            assertEquals(304, response.status(), response.head());
            assertEquals(0, response.bodyLength());
            assertTrue(response.header("ETag").isPresent(), response.head());
            assertNoWrongLength(response, size);
        }
        Raw gzip = raw("GET", "/static/big.txt", "If-None-Match: *", "Accept-Encoding: gzip");
        assertEquals(304, gzip.status(), gzip.head());
        assertEquals(Optional.of("gzip"), gzip.header("ETag").map(tag -> tag.endsWith("-gzip\"") ? "gzip" : tag));
        assertEquals(
                Optional.empty(), gzip.header("Content-Length"), "the gzipped length is not known: " + gzip.head());
    }

    @Test
    void headSendsTheLengthOfTheGetBodyOrNone() throws IOException {
        Raw plain = raw("HEAD", "/static/big.txt");
        assertEquals(200, plain.status());
        assertEquals(0, plain.bodyLength());
        assertEquals(Optional.of(Long.toString(bigSize)), plain.header("Content-Length"));

        Raw small = raw("HEAD", "/static/small.txt", "Accept-Encoding: gzip");
        assertEquals(Optional.of("gzip"), small.header("Content-Encoding"), small.head());
        assertEquals(
                Optional.of(Long.toString(getLength("/static/small.txt", "Accept-Encoding: gzip"))),
                small.header("Content-Length"));

        Raw streamed = raw("HEAD", "/static/big.txt", "Accept-Encoding: gzip");
        assertEquals(200, streamed.status());
        assertEquals(Optional.of("gzip"), streamed.header("Content-Encoding"), streamed.head());
        assertEquals(0, streamed.bodyLength());
        assertTrue(
                streamed.header("Content-Length").isEmpty(),
                "the gzipped length of a streamed file is not known before it is sent: " + streamed.head());

        Raw ranges = raw("HEAD", "/static/small.txt", "Range: bytes=0-1,10-11");
        assertEquals(206, ranges.status());
        assertEquals(0, ranges.bodyLength());
        assertNoWrongLength(ranges, getRangesLength());
    }

    private static long getRangesLength() throws IOException {
        Raw get = raw("GET", "/static/small.txt", "Range: bytes=0-1,10-11");
        assertEquals(206, get.status());
        return get.bodyLength();
    }

    @Test
    void multipleRangesAreMultipartWithABoundaryAndNoCharset() throws IOException {
        Raw response = raw("GET", "/static/small.txt", "Range: bytes=0-1,10-11");
        assertEquals(206, response.status());
        String type = response.header("Content-Type").orElse("");
        assertTrue(type.matches("multipart/byteranges; boundary=[0-9a-f]{32}"), type);
    }
}
