package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One launcher stopped with SIGTERM or SIGINT while requests are in flight: what each client sees, the exit status,
 * and what the log says.
 */
class GracefulStopIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private LauncherProcess app;

    private LauncherProcess start(String... options) throws Exception {
        String[] args = new String[options.length + 3];
        args[0] = Artifacts.demo();
        args[1] = "--port=0";
        args[2] = "--address=127.0.0.1";
        System.arraycopy(options, 0, args, 3, options.length);
        app = LauncherProcess.start(Artifacts.launcherJar(), args);
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aRequestInFlightFinishesAfterSigtermThenTheProcessExits0() throws Exception {
        start();
        CompletableFuture<HttpResponse<String>> slow = app.longInFlight(WAIT);

        app.signal("TERM");
        app.awaitLog("Stopping: 1 requests in flight", WAIT);
        assertTrue(app.awaitRefused(WAIT), "the port still accepts connections while draining");

        HttpResponse<String> response = slow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Long.toString(app.pid()), response.body());
        assertEquals(0, app.awaitExit(WAIT), app::output);
        assertTrue(app.stderr().stream().anyMatch(line -> line.contains("every request finished")), app::output);
    }

    @Test
    void readinessAnswers503OnAnOpenConnectionOnceStopping() throws Exception {
        start();
        try (RawHttp.Connection probe = new RawHttp.Connection(app.base().getPort())) {
            assertEquals(200, probe.get("/_gale/ready").status());
            CompletableFuture<HttpResponse<String>> slow = app.longInFlight(WAIT);

            app.signal("TERM");
            app.awaitLog("Stopping:", WAIT);
            RawHttp.Response ready = probe.get("/_gale/ready");
            assertEquals(503, ready.status(), ready.body());
            assertEquals("no-store", ready.header("Cache-Control").orElse(""));

            assertEquals(200, slow.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode());
        }
        assertEquals(0, app.awaitExit(WAIT), app::output);
    }

    @Test
    void aKeepAliveRequestSentWhileDrainingIsAnsweredWithConnectionClose() throws Exception {
        start();
        try (RawHttp.Connection keepAlive = new RawHttp.Connection(app.base().getPort())) {
            RawHttp.Response first = keepAlive.get("/");
            assertEquals(200, first.status());
            assertFalse(
                    first.header("Connection").orElse("").equalsIgnoreCase("close"),
                    first.headers().toString());
            CompletableFuture<HttpResponse<String>> slow = app.longInFlight(WAIT);

            app.signal("TERM");
            app.awaitLog("Stopping:", WAIT);
            RawHttp.Response second = keepAlive.get("/");
            assertEquals(200, second.status());
            assertEquals("Hello, world", second.body());
            assertEquals(
                    "close",
                    second.header("Connection").orElse("").toLowerCase(java.util.Locale.ROOT),
                    second.headers().toString());
            assertTrue(keepAlive.closedByServer(), "the connection stayed open after Connection: close");

            assertEquals(200, slow.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode());
        }
        assertEquals(0, app.awaitExit(WAIT), app::output);
    }

    @Test
    void sighupLeavesASingleProcessServingAndSaysWhy() throws Exception {
        start();
        try (RawHttp.Connection keepAlive = new RawHttp.Connection(app.base().getPort())) {
            assertEquals(200, keepAlive.get("/").status());
            // Sent, not awaited: a JVM that dies of SIGHUP cuts it, wherever it is.
            CompletableFuture<HttpResponse<String>> slow = app.client()
                    .sendAsync(
                            HttpRequest.newBuilder(app.base().resolve("/long"))
                                    .timeout(WAIT)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            app.signal("HUP");
            app.awaitLog("SIGHUP ignored: a single process cannot replace itself", WAIT);
            RawHttp.Response next = keepAlive.get("/");
            assertEquals(200, next.status());
            assertEquals("Hello, world", next.body());

            HttpResponse<String> response = slow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(Long.toString(app.pid()), response.body());
        }
        assertTrue(app.isAlive(), app::output);
        assertEquals(200, app.get("/").statusCode());
    }

    @Test
    void aSlowUploadInProgressFinishesAfterSigterm() throws Exception {
        start();
        String token = app.get("/login").headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("_xsrf="))
                .map(c -> c.substring(6, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (RawHttp.Connection upload = new RawHttp.Connection(app.base().getPort())) {
            upload.write(
                    "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: _xsrf=" + token + "\r\nX-XSRFToken: " + token
                            + "\r\nContent-Type: multipart/form-data; boundary=PIECES\r\nTransfer-Encoding: chunked\r\n\r\n");
            chunk(
                    upload,
                    "--PIECES\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.txt\"\r\n"
                            + "Content-Type: text/plain\r\n\r\n");
            app.awaitInFlight(1, WAIT);

            app.signal("TERM");
            app.awaitLog("Stopping: 1 requests in flight", WAIT);
            int size = 0;
            for (int piece = 0; piece < 3; piece++) {
                // A slow client: a piece a second, slower than any idle timeout shorter than the shutdown timeout.
                Thread.sleep(1000);
                String content = ("piece " + piece + " ").repeat(100);
                md5.update(content.getBytes(StandardCharsets.ISO_8859_1));
                size += content.length();
                chunk(upload, content);
            }
            chunk(upload, "\r\n--PIECES--\r\n");
            upload.write("0\r\n\r\n");

            RawHttp.Response response = upload.read();
            assertEquals(200, response.status(), response.body());
            assertEquals(
                    "{\"name\":\"slow.txt\",\"content_type\":\"text/plain\",\"size\":" + size + ",\"md5\":\""
                            + HexFormat.of().formatHex(md5.digest()) + "\"}",
                    response.body());
            assertEquals("close", response.header("Connection").orElse(""));
        }
        assertEquals(0, app.awaitExit(WAIT), app::output);
        assertTrue(app.stderr().stream().anyMatch(line -> line.contains("every request finished")), app::output);
    }

    @Test
    void theShutdownTimeoutCutsWhatIsLeftAndTheLogCountsIt() throws Exception {
        start("--shutdown_timeout=1s");
        // An upload whose client stalls after half its body stays in flight however slowly this machine runs, so
        // the timeout, not the request's own end, decides.
        try (RawHttp.Connection stalled = new RawHttp.Connection(app.base().getPort())) {
            stalled.write("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 2000\r\n\r\n" + "x".repeat(1000));
            app.awaitInFlight(1, WAIT);

            app.signal("TERM");
            assertEquals(0, app.awaitExit(WAIT), app::output);
            assertTrue(app.stderr().stream().anyMatch(line -> line.contains("cut 1 requests")), app::output);
            // The request was cut, not finished: no 200.
            try {
                RawHttp.Response response = stalled.read();
                assertNotEquals(200, response.status(), response.body());
            } catch (IOException closed) {
                // cut with the connection
            }
        }
    }

    @Test
    void aSecondSigintExitsAtOnce() throws Exception {
        start();
        CompletableFuture<HttpResponse<String>> slow = app.longInFlight(WAIT);

        app.signal("INT");
        app.awaitLog("Stopping: 1 requests in flight", WAIT);
        app.signal("INT");
        int status = app.awaitExit(WAIT);
        assertNotEquals(0, status, app::output);
        app.awaitLog("Second interrupt: exiting now", WAIT);
        ExecutionException cut =
                assertThrows(ExecutionException.class, () -> slow.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(cut.getCause() instanceof IOException, cut::toString);
    }

    private static void chunk(RawHttp.Connection connection, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
        connection.write(Integer.toHexString(bytes.length) + "\r\n" + content + "\r\n");
    }
}
