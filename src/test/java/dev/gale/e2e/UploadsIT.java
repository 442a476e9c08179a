package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /upload} against {@code java -jar launcher.jar}: files are streamed to disk and reported, bodies over
 * {@code max_body_size} get 413 however they are framed, and nothing is left in the temporary directory.
 */
class UploadsIT {
    private static final long DEFAULT_LIMIT = 52_428_800L;
    private static final String BOUNDARY = "gale-upload-test-boundary-7MA4YWxkTrZu0gW";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @TempDir
    static Path serverTemp;

    private static LauncherProcess app;
    private static String xsrf;

    @BeforeAll
    static void start() throws Exception {
        app = LauncherProcess.start(
                Artifacts.launcherJar(),
                List.of("-Djava.io.tmpdir=" + serverTemp),
                Artifacts.demo(),
                "--port=0",
                "--address=127.0.0.1",
                "--cookie_secret=uploads-e2e-secret-0123456789abcdef0123");
        xsrf = xsrfCookie(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    // ---- uploads that succeed

    @Test
    void uploadReportsNameTypeSizeAndMd5() throws Exception {
        byte[] content = "Hello, uploads.\nSecond line, é and 名字.\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(
                upload(
                        app,
                        xsrf,
                        true,
                        false,
                        "résumé 名字.txt",
                        "text/plain; charset=utf-8",
                        new ByteArrayInputStream(content),
                        content.length,
                        true),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("résumé 名字.txt", jsonString(response.body(), "name"));
        assertEquals("text/plain; charset=utf-8", jsonString(response.body(), "content_type"));
        assertEquals(content.length, jsonNumber(response.body(), "size"));
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)),
                jsonString(response.body(), "md5"));
        assertNoUploadFilesLeft(serverTemp);
    }

    @Test
    void emptyFileIsReported() throws Exception {
        HttpResponse<String> response = HTTP.send(
                upload(
                        app,
                        xsrf,
                        true,
                        false,
                        "empty.bin",
                        "application/octet-stream",
                        InputStream.nullInputStream(),
                        0,
                        true),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        assertEquals(0, jsonNumber(response.body(), "size"));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", jsonString(response.body(), "md5"));
    }

    @Test
    void tokenMayComeInTheMultipartField() throws Exception {
        byte[] content = new byte[100_000];
        new Random(7).nextBytes(content);
        HttpResponse<String> response = HTTP.send(
                upload(
                        app,
                        xsrf,
                        false,
                        true,
                        "random.bin",
                        "application/octet-stream",
                        new ByteArrayInputStream(content),
                        content.length,
                        true),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        assertEquals(
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)),
                jsonString(response.body(), "md5"));
        assertEquals(content.length, jsonNumber(response.body(), "size"));
    }

    @Test
    void uploadWithoutAValidTokenIsForbidden() throws Exception {
        byte[] content = "x".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> none = HTTP.send(
                upload(app, xsrf, false, false, "x.txt", "text/plain", new ByteArrayInputStream(content), 1, true),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, none.statusCode(), none::body);
        String other = xsrfCookie(app);
        HttpRequest wrong = HttpRequest.newBuilder(app.base().resolve("/upload"))
                .timeout(TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Cookie", "_xsrf=" + xsrf)
                .header("X-XSRFToken", other)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(null, "x.txt", "text/plain", content)))
                .build();
        assertEquals(403, HTTP.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertNoUploadFilesLeft(serverTemp);
    }

    @Test
    void tenConcurrentUploadsOfAlmostFiftyMegabytes() throws Exception {
        long size = DEFAULT_LIMIT - 64 * 1024;
        List<DigestInputStream> sent = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            DigestInputStream content =
                    new DigestInputStream(new GeneratedContent(size, i), MessageDigest.getInstance("MD5"));
            sent.add(content);
            responses.add(HTTP.sendAsync(
                    upload(
                            app,
                            xsrf,
                            true,
                            false,
                            "part-" + i + ".bin",
                            "application/octet-stream",
                            content,
                            size,
                            true),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = responses.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response::body);
            assertEquals(size, jsonNumber(response.body(), "size"));
            assertEquals(
                    HexFormat.of().formatHex(sent.get(i).getMessageDigest().digest()),
                    jsonString(response.body(), "md5"),
                    "upload " + i);
        }
        System.out.printf(
                Locale.ROOT, "10 concurrent uploads of %d bytes: %.1f s%n", size, (System.nanoTime() - started) / 1e9);
        assertNoUploadFilesLeft(serverTemp);
    }

    @Test
    void oneGigabyteWithSmallHeapWithAndWithoutContentLength(@TempDir Path bigTemp) throws Exception {
        long size = 1L << 30;
        try (LauncherProcess big = LauncherProcess.start(
                Artifacts.launcherJar(),
                List.of("-Xmx128m", "-Djava.io.tmpdir=" + bigTemp),
                Artifacts.demo(),
                "--port=0",
                "--address=127.0.0.1",
                "--max_body_size=2g")) {
            String token = xsrfCookie(big);
            for (boolean withLength : List.of(true, false)) {
                DigestInputStream content =
                        new DigestInputStream(new GeneratedContent(size, 42), MessageDigest.getInstance("MD5"));
                long started = System.nanoTime();
                HttpResponse<String> response = HTTP.send(
                        upload(
                                big,
                                token,
                                true,
                                false,
                                "big.bin",
                                "application/octet-stream",
                                content,
                                size,
                                withLength),
                        HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - started) / 1e9;
                assertEquals(200, response.statusCode(), () -> response.body() + big.output());
                assertEquals(size, jsonNumber(response.body(), "size"));
                assertEquals(
                        HexFormat.of().formatHex(content.getMessageDigest().digest()),
                        jsonString(response.body(), "md5"));
                System.out.printf(
                        Locale.ROOT,
                        "1 GiB upload %s, server -Xmx128m: %.1f s%n",
                        withLength ? "with Content-Length" : "chunked",
                        seconds);
            }
            assertNoUploadFilesLeft(bigTemp);
        }
    }

    // ---- bodies over the limit

    @Test
    void announcedLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        String head = uploadHead(app, "Content-Length: " + (DEFAULT_LIMIT + 1) + "\r\n");
        try (Socket socket = connect(app)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String response = readResponse(socket);
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(headerValue(response, "Content-Length") != null, response);
            assertEquals(body(response).length(), Integer.parseInt(headerValue(response, "Content-Length")));
        }
        assertNoUploadFilesLeft(serverTemp);
    }

    @Test
    void expectContinueOverTheLimitIs413WithoutAskingForTheBody() throws Exception {
        String head = uploadHead(app, "Content-Length: " + (DEFAULT_LIMIT * 4) + "\r\nExpect: 100-continue\r\n");
        try (Socket socket = connect(app)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String response = readResponse(socket);
            assertFalse(response.startsWith("HTTP/1.1 100"), "the server asked for the body: " + response);
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertFalse(response.contains("100 Continue"), response);
        }
        assertNoUploadFilesLeft(serverTemp);
    }

    @Test
    void expectContinueUnderTheLimitIsAskedFor() throws Exception {
        byte[] body = multipart(null, "small.txt", "text/plain", "small".getBytes(StandardCharsets.US_ASCII));
        String head = uploadHead(app, "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n");
        try (Socket socket = connect(app)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String interim = readLine(socket.getInputStream());
            assertEquals("HTTP/1.1 100 Continue", interim);
            for (String line = readLine(socket.getInputStream()); !line.isEmpty(); ) {
                line = readLine(socket.getInputStream());
            }
            out.write(body);
            out.flush();
            String response = readResponse(socket);
            assertTrue(response.contains("HTTP/1.1 200 "), response);
            assertTrue(response.contains("\"size\":5"), response);
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        String head = uploadHead(app, "Transfer-Encoding: chunked\r\n");
        try (Socket socket = connect(app)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            byte[] start = multipartHead(null, "too-big.bin", "application/octet-stream");
            out.write((Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(start);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(
                    () -> {
                        byte[] chunk = new byte[1 << 20];
                        byte[] frame = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        try {
                            for (long sent = 0; sent <= 2 * DEFAULT_LIMIT; sent += chunk.length) {
                                out.write(frame);
                                out.write(chunk);
                                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                            }
                            byte[] tail = multipartTail();
                            out.write((Integer.toHexString(tail.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(tail);
                            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } catch (IOException e) {
                            // the server stopped reading, as it should once past the limit
                        }
                    },
                    "chunked-writer");
            writer.setDaemon(true);
            writer.start();
            String response = readResponse(socket);
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            writer.join(TIMEOUT.toMillis());
        }
        assertNoUploadFilesLeft(serverTemp);
    }

    // ---- idle connections

    @Test
    void hundredsOfIdlePartialRequestsDoNotStopOthers() throws Exception {
        try (LauncherProcess slow = LauncherProcess.start(
                Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1", "--idle_timeout=5s")) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    Socket socket = connect(slow);
                    String partial = i % 2 == 0 ? "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " : "POST /upl";
                    socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    idle.add(socket);
                }
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> response = HTTP.send(
                            HttpRequest.newBuilder(slow.base().resolve("/"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode());
                    assertEquals("Hello, world", response.body());
                }
                // The idle connections are closed by the server, not left open forever.
                for (Socket socket : idle) {
                    socket.setSoTimeout(60_000);
                    try {
                        byte[] rest = socket.getInputStream().readAllBytes();
                        String text = new String(rest, StandardCharsets.ISO_8859_1);
                        assertTrue(text.isEmpty() || text.startsWith("HTTP/1.1 4"), text);
                    } catch (java.net.SocketException e) {
                        // reset by the server: closed too
                    }
                }
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
            assertEquals(200, slow.get("/").statusCode());
        }
    }

    // ---- helpers

    /** A fresh {@code _xsrf} cookie from {@code /login}; its value is also a valid token. */
    private static String xsrfCookie(LauncherProcess launcher) throws Exception {
        HttpResponse<String> page = launcher.get("/login");
        assertEquals(200, page.statusCode());
        return page.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("_xsrf="))
                .map(h -> h.substring("_xsrf=".length()).split(";", 2)[0])
                .findFirst()
                .orElseThrow(() -> new AssertionError("no _xsrf cookie"));
    }

    /**
     * A multipart upload of {@code content} in field {@code file}, built by hand so that nothing holds it in memory;
     * the token in the {@code X-XSRFToken} header and/or the {@code _xsrf} field; with a Content-Length or chunked.
     */
    private static HttpRequest upload(
            LauncherProcess launcher,
            String token,
            boolean inHeader,
            boolean inField,
            String filename,
            String contentType,
            InputStream content,
            long size,
            boolean withLength) {
        byte[] head = multipartHead(inField ? token : null, filename, contentType);
        byte[] tail = multipartTail();
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                new SequenceInputStream(new ByteArrayInputStream(head), content), new ByteArrayInputStream(tail)));
        HttpRequest.Builder request = HttpRequest.newBuilder(launcher.base().resolve("/upload"))
                .timeout(TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .header("Cookie", "_xsrf=" + token)
                .POST(
                        withLength
                                ? HttpRequest.BodyPublishers.fromPublisher(stream, head.length + size + tail.length)
                                : stream);
        if (inHeader) {
            request.header("X-XSRFToken", token);
        }
        return request.build();
    }

    private static byte[] multipartHead(String xsrfField, String filename, String contentType) {
        StringBuilder head = new StringBuilder();
        if (xsrfField != null) {
            head.append("--")
                    .append(BOUNDARY)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"_xsrf\"\r\n\r\n")
                    .append(xsrfField)
                    .append("\r\n");
        }
        head.append("--")
                .append(BOUNDARY)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
                .append(filename)
                .append("\"\r\n")
                .append("Content-Type: ")
                .append(contentType)
                .append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] multipartTail() {
        return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] multipart(String xsrfField, String filename, String contentType, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(multipartHead(xsrfField, filename, contentType));
        out.writeBytes(content);
        out.writeBytes(multipartTail());
        return out.toByteArray();
    }

    /** The request line and headers of a raw upload with a valid token and {@code framing} headers. */
    private static String uploadHead(LauncherProcess launcher, String framing) {
        return "POST /upload HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + launcher.base().getPort() + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                + "Cookie: _xsrf=" + xsrf + "\r\n"
                + "X-XSRFToken: " + xsrf + "\r\n"
                + framing
                + "\r\n";
    }

    private static Socket connect(LauncherProcess launcher) throws IOException {
        URI base = launcher.base();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort());
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        return socket;
    }

    /** One line of a raw response, without its CRLF. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * A whole raw response: the head, then as many body bytes as its Content-Length says (or everything to the
     * end of the connection without one).
     */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            head.append(line).append("\r\n");
        }
        if (head.length() == 0) {
            throw new AssertionError("no response");
        }
        String length = headerValue(head.toString(), "Content-Length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.strip()));
        } else {
            body = in.readAllBytes();
        }
        return head + "\r\n" + new String(body, StandardCharsets.UTF_8);
    }

    private static String headerValue(String response, String name) {
        for (String line : response.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    /**
     * Waits until {@code temp} holds no file outside the unpacked application and the launcher's run file: the server
     * deletes a request's
     * temporary upload files as it ends, which may be a moment after the response.
     */
    private static void assertNoUploadFilesLeft(Path temp) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Path> left = uploadFiles(temp);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = uploadFiles(temp);
        }
        assertEquals(List.of(), left, "temporary files left behind");
    }

    private static List<Path> uploadFiles(Path temp) throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            return files.filter(Files::isRegularFile)
                    .filter(path -> !temp.relativize(path).getName(0).toString().startsWith("gale-app-"))
                    .filter(path -> !path.getFileName().toString().matches("gale-\\d+-.*\\.run"))
                    .toList();
        }
    }

    /** The value of string field {@code name} in a flat JSON object. */
    static String jsonString(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            throw new AssertionError("no string " + name + " in " + json);
        }
        StringBuilder out = new StringBuilder();
        for (int i = at + key.length(); i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char e = json.charAt(++i);
                switch (e) {
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        throw new AssertionError("unterminated string " + name + " in " + json);
    }

    /** The value of number field {@code name} in a flat JSON object. */
    static long jsonNumber(String json, String name) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no number " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * {@code size} bytes made on the fly: a pseudo-random mebibyte repeated, each copy stamped with its index, so
     * that a misplaced or repeated block changes the MD5. Nothing is stored or held beyond one block.
     */
    static final class GeneratedContent extends InputStream {
        private static final int BLOCK = 1 << 20;
        private final byte[] pattern = new byte[BLOCK];
        private final long size;
        private long position;

        GeneratedContent(long size, long seed) {
            this.size = size;
            new Random(seed).nextBytes(pattern);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int done = 0; done < n; ) {
                long block = (position + done) / BLOCK;
                int inBlock = (int) ((position + done) % BLOCK);
                int run = Math.min(n - done, BLOCK - inBlock);
                System.arraycopy(pattern, inBlock, buffer, offset + done, run);
                for (int i = 0; i < 8; i++) {
                    int stamp = inBlock <= i && i < inBlock + run ? i - inBlock : -1;
                    if (stamp >= 0) {
                        buffer[offset + done + stamp] = (byte) (block >>> (8 * i));
                    }
                }
                done += run;
            }
            position += n;
            return n;
        }
    }
}
