package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.internal.security.XsrfToken;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamRequestBody}: prepare first, then the body piece by piece as it arrives, then the method; its limits,
 * failures, slow and stalled clients, and the XSRF check without a form body.
 */
class StreamRequestBodyTest {
    private static final long MAX_BODY_SIZE = 10_000;
    private static final long MAX_STREAMED_BODY_SIZE = 8L * 1024 * 1024;
    /** What the handlers did, in order, for the test running now. */
    private static final ConcurrentLinkedQueue<String> EVENTS = new ConcurrentLinkedQueue<>();

    /** The bytes the last streaming request received, as its handler counted them. */
    private static final AtomicLong RECEIVED = new AtomicLong();

    private static TestServer server;

    /** Answers the md5 and size of the body it was sent, and how many pieces it came in. */
    @StreamRequestBody
    public static final class Md5Handler extends RequestHandler {
        private final MessageDigest md5 = newMd5();
        private long size;
        private int pieces;

        @Override
        protected void prepare() {
            EVENTS.add("prepare");
            if (getHeader("X-Refuse").isPresent()) {
                throw new HttpError(403, "refused in prepare");
            }
            String max = getQueryArgument("max", null);
            if (max != null) {
                setMaxBodySize(Long.parseLong(max));
            }
        }

        @Override
        protected void dataReceived(ByteBuffer chunk) {
            if (pieces++ == 0) {
                EVENTS.add("data");
            }
            size += chunk.remaining();
            RECEIVED.set(size);
            md5.update(chunk);
        }

        @Override
        protected void put() {
            EVENTS.add("put");
            write(HexFormat.of().formatHex(md5.digest()) + " " + size + " " + pieces);
        }

        @Override
        protected void post() {
            put();
        }
    }

    @StreamRequestBody
    public static final class FailingHandler extends RequestHandler {
        @Override
        protected void dataReceived(ByteBuffer chunk) {
            throw new IllegalStateException("the disk is full");
        }

        @Override
        protected void put() {
            EVENTS.add("put");
        }
    }

    @StreamRequestBody
    public static final class AnsweringEarlyHandler extends RequestHandler {
        @Override
        protected void dataReceived(ByteBuffer chunk) {
            EVENTS.add("data");
            finish("seen a piece");
        }

        @Override
        protected void put() {
            EVENTS.add("put");
        }
    }

    public static final class BufferedHandler extends RequestHandler {
        @Override
        protected void get() {
            write("Hello");
        }

        @Override
        protected void post() {
            write("read " + getBody().length);
        }
    }

    @StreamRequestBody
    public static final class WithoutDataReceived extends RequestHandler {}

    @BeforeAll
    static void start() {
        server = TestServer.builder()
                .application(application(false))
                .maxThreads(12)
                .startOrThrow();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetEvents() {
        EVENTS.clear();
        RECEIVED.set(0);
    }

    private static Application application(boolean xsrfCookies) {
        return Application.builder()
                .setting(Settings.MAX_BODY_SIZE, MAX_BODY_SIZE)
                .setting(Settings.MAX_STREAMED_BODY_SIZE, MAX_STREAMED_BODY_SIZE)
                .setting(Settings.XSRF_COOKIES, xsrfCookies)
                .route("/", BufferedHandler.class)
                .route("/md5", Md5Handler.class)
                .route("/failing", FailingHandler.class)
                .route("/early", AnsweringEarlyHandler.class)
                .build();
    }

    private static byte[] randomBody(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return body;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String md5Of(byte[] body) {
        return HexFormat.of().formatHex(newMd5().digest(body));
    }

    private static HttpResponse<String> put(TestServer target, String path, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return target.send(target.request(path).PUT(publisher).build());
    }

    /**
     * The status of a PUT that announces {@code length} bytes and waits on {@code Expect: 100-continue}, refused before
     * the body is read: a client that sent it anyway might see the connection reset rather than the answer.
     */
    private static int statusOfAnnouncedPut(TestServer target, String path, long length, String... headers)
            throws Exception {
        List<String> head = new ArrayList<>(List.of(headers));
        head.add("Expect: 100-continue");
        head.add("Content-Length: " + length);
        try (RawUpload upload = new RawUpload(target, "PUT", path, head.toArray(String[]::new))) {
            String response = upload.response();
            assertFalse(response.startsWith("HTTP/1.1 100"), response);
            return TestServer.rawStatus(response);
        }
    }

    private static void assertWhole(byte[] body, HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        String[] answer = response.body().split(" ");
        assertEquals(md5Of(body), answer[0]);
        assertEquals(Integer.toString(body.length), answer[1]);
        assertTrue(Integer.parseInt(answer[2]) > 1, () -> "one piece only: " + response.body());
        assertEquals(List.of("prepare", "data", "put"), List.copyOf(EVENTS));
    }

    @Test
    void aBodyWithAContentLengthArrivesInOrderPieceByPieceBetweenPrepareAndTheMethod() {
        byte[] body = randomBody(3 * 1024 * 1024);
        assertWhole(body, put(server, "/md5", body, false));
    }

    @Test
    void aChunkedBodyArrivesInOrderPieceByPieceBetweenPrepareAndTheMethod() {
        byte[] body = randomBody(3 * 1024 * 1024 + 17);
        assertWhole(body, put(server, "/md5", body, true));
    }

    @Test
    void prepareRefusesBeforeAByteIsReadAndNoContinueIsSent() throws Exception {
        try (RawUpload upload = new RawUpload(
                server, "PUT", "/md5", "X-Refuse: yes", "Expect: 100-continue", "Content-Length: 1000000")) {
            String response = upload.response();
            assertTrue(response.startsWith("HTTP/1.1 403 "), response);
            assertTrue(response.contains("refused in prepare"), response);
        }
        assertEquals(List.of("prepare"), List.copyOf(EVENTS));
        assertEquals(0, RECEIVED.get());
    }

    @Test
    void aBodyAnnouncedOverTheLimitIs413BeforeAByteIsRead() throws Exception {
        try (RawUpload upload = new RawUpload(
                server, "PUT", "/md5", "Expect: 100-continue", "Content-Length: " + (MAX_STREAMED_BODY_SIZE + 1))) {
            String response = upload.response();
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(RawUpload.headOf(response).contains("connection: close"), response);
        }
        assertEquals(List.of("prepare"), List.copyOf(EVENTS));
        assertEquals(0, RECEIVED.get());
    }

    @Test
    void theHandlersOwnLimitSetInPrepareWins() throws Exception {
        byte[] body = randomBody(200_000);
        assertEquals(200, put(server, "/md5?max=200000", body, true).statusCode());
        assertEquals(413, statusOfAnnouncedPut(server, "/md5?max=199999", body.length));
        EVENTS.clear();
        try (RawUpload upload = new RawUpload(server, "PUT", "/md5?max=100000", "Transfer-Encoding: chunked")) {
            String response = upload.writeInBackground(List.of(RawUpload.chunked(body, 4096)))
                    .response();
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(RawUpload.headOf(response).contains("connection: close"), response);
            assertTrue(upload.closedByServer(), "the connection stays open after the 413");
        }
        assertTrue(RECEIVED.get() <= 100_000, "received " + RECEIVED.get());
        assertFalse(EVENTS.contains("put"), EVENTS::toString);
    }

    @Test
    void aHugeChunkedBodyIsStoppedAtTheLimit() throws Exception {
        byte[] piece = RawUpload.chunk(randomBody(64 * 1024), 0, 64 * 1024);
        // 64 MB announced as chunks without end; the server must stop at 8 MB and close.
        List<byte[]> pieces = Collections.nCopies(1024, piece);
        try (RawUpload upload = new RawUpload(server, "POST", "/md5", "Transfer-Encoding: chunked")) {
            String response = upload.writeInBackground(pieces).response();
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
            assertTrue(upload.closedByServer(), "the connection stays open after the 413");
        }
        assertTrue(RECEIVED.get() <= MAX_STREAMED_BODY_SIZE, "received " + RECEIVED.get());
        assertFalse(EVENTS.contains("put"), EVENTS::toString);
    }

    @Test
    void anExceptionInDataReceivedIsA500PlainPageAndTheMethodDoesNotRun() throws Exception {
        try (LogCapture log = new LogCapture()) {
            // Smaller than a piece, so that no body is left unread to reset the connection before the answer is read.
            HttpResponse<String> response = put(server, "/failing", randomBody(1000), false);
            assertEquals(500, response.statusCode());
            assertFalse(response.body().contains("IllegalStateException"), response::body);
            assertFalse(response.body().contains("disk is full"), response::body);
            assertFalse(EVENTS.contains("put"), EVENTS::toString);
            assertTrue(
                    log.lines().stream().anyMatch(line -> line.contains("Uncaught exception PUT /failing")),
                    () -> String.join("\n", log.lines()));
        }
    }

    @Test
    void aHandlerThatAnswersFromDataReceivedEndsTheReadingAndItsMethodDoesNotRun() {
        HttpResponse<String> response = put(server, "/early", randomBody(100_000), false);
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("seen a piece", response.body());
        assertEquals(List.of("data"), List.copyOf(EVENTS));
    }

    @Test
    void aClientTooSlowIsCutWith408AndOneLogLine() throws Exception {
        try (LogCapture log = new LogCapture();
                RawUpload upload = new RawUpload(server, "PUT", "/md5", "Content-Length: 100000")) {
            // A byte every 200 ms: too few for SlowClient's pace once its grace period is over.
            List<byte[]> trickle = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                trickle.add(new byte[] {'x'});
            }
            upload.writeInBackground(() -> trickle.stream().peek(b -> pause()).iterator());
            String response = upload.response();
            assertTrue(response.startsWith("HTTP/1.1 408 "), response);
            assertEquals(
                    1,
                    log.lines().stream()
                            .filter(line -> line.contains("Closed PUT /md5 from"))
                            .count(),
                    () -> String.join("\n", log.lines()));
        }
        assertFalse(EVENTS.contains("put"), EVENTS::toString);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void stalledUploadsHoldNoThread() throws Exception {
        // Three times the server's 12 threads, each sending a first piece of its body and then nothing.
        List<RawUpload> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 36; i++) {
                stalled.add(new RawUpload(server, "PUT", "/md5", "Content-Length: 1000000").write(new byte[1000]));
            }
            HttpResponse<String> hello = server.get("/");
            assertEquals(200, hello.statusCode());
            byte[] body = randomBody(500_000);
            assertEquals(md5Of(body), put(server, "/md5", body, false).body().split(" ")[0]);
        } finally {
            for (RawUpload upload : stalled) {
                upload.close();
            }
        }
    }

    @Test
    void aHandlerThatDoesNotStreamStillGetsItsBodyUnderMaxBodySize() {
        byte[] small = randomBody((int) MAX_BODY_SIZE);
        assertEquals(
                "read " + MAX_BODY_SIZE,
                server.send(server.request("/")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(small))
                                .build())
                        .body());
        byte[] large = randomBody((int) MAX_BODY_SIZE + 1);
        assertEquals(
                413,
                server.send(server.request("/")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(large))
                                .build())
                        .statusCode());
    }

    @Test
    void withXsrfCookiesTheTokenComesInAHeader() throws Exception {
        try (TestServer xsrf = TestServer.start(application(true))) {
            XsrfToken token = XsrfToken.generate(System.currentTimeMillis() / 1000);
            byte[] body = randomBody(100_000);
            HttpResponse<String> accepted = xsrf.send(xsrf.request("/md5")
                    .header("Cookie", "_xsrf=" + token.masked())
                    .header("X-XSRFToken", token.masked())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
            assertEquals(200, accepted.statusCode(), accepted::body);
            assertEquals(md5Of(body), accepted.body().split(" ")[0]);
            EVENTS.clear();
            assertEquals(403, statusOfAnnouncedPut(xsrf, "/md5", body.length, "Cookie: _xsrf=" + token.masked()));
            assertFalse(EVENTS.contains("data"), EVENTS::toString);
        }
    }

    @Test
    void aStreamingHandlerMustTakeItsBody() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> Application.builder()
                        .route("/", WithoutDataReceived.class)
                        .build());
        assertTrue(refused.getMessage().contains("does not override dataReceived"), refused::getMessage);
    }

    @Test
    void withoutAsynchronousSupportTheBodyIsReadBlockingWithTheSameCalls() throws Exception {
        try (TestServer blocking = TestServer.builder()
                .initializer(new SynchronousOnly(application(false)))
                .startOrThrow()) {
            byte[] body = randomBody(1024 * 1024);
            assertWhole(body, put(blocking, "/md5", body, true));
            assertEquals(413, statusOfAnnouncedPut(blocking, "/md5?max=1000", body.length));
        }
    }

    /** Gale behind a filter that cannot run asynchronously, as some containers' or applications' filters are. */
    private record SynchronousOnly(Application application) implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
            new GaleInitializer(application).onStartup(classes, context);
            FilterRegistration.Dynamic filter = context.addFilter("synchronous", new HttpFilter() {});
            filter.setAsyncSupported(false);
            filter.addMappingForUrlPatterns(null, false, "/*");
        }
    }
}
