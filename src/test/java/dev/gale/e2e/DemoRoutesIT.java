package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's first routes, served by {@code java -jar launcher.jar}, as the demo contract states them. */
class DemoRoutesIT {
    private static LauncherProcess app;

    @BeforeAll
    static void start() throws Exception {
        app = LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void rootSaysHelloWorld() throws Exception {
        HttpResponse<String> response = app.get("/");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, world", response.body());
        assertEquals("12", response.headers().firstValue("Content-Length").orElse(""));
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<String> response = app.send(
                HttpRequest.newBuilder(app.base().resolve("/")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("12", response.headers().firstValue("Content-Length").orElse(""));
    }

    @Test
    void ipReportsTheClientSchemeAndHostAsJson() throws Exception {
        HttpResponse<String> response = app.get("/ip");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String host = "127.0.0.1:" + app.base().getPort();
        assertEquals("{\"remote_ip\":\"127.0.0.1\",\"protocol\":\"http\",\"host\":\"" + host + "\"}", response.body());
    }

    @Test
    void ipIgnoresForwardedHeadersWithoutXheaders() throws Exception {
        HttpResponse<String> response =
                app.send(HttpRequest.newBuilder(app.base().resolve("/ip"))
                        .header("X-Real-IP", "203.0.113.9")
                        .header("X-Forwarded-For", "203.0.113.9")
                        .header("X-Scheme", "https"));
        assertTrue(response.body().contains("\"remote_ip\":\"127.0.0.1\""), response::body);
        assertTrue(response.body().contains("\"protocol\":\"http\""), response::body);
    }

    @Test
    void longAnswersWithTheServingPidWithoutHoldingUpOtherRequests() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            slow.add(app.client()
                    .sendAsync(
                            HttpRequest.newBuilder(app.base().resolve("/long"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> quick = app.get("/");
        assertEquals(200, quick.statusCode());
        assertTrue(slow.stream().noneMatch(CompletableFuture::isDone), "a quick request waited for /long");
        for (CompletableFuture<HttpResponse<String>> response : slow) {
            assertEquals(200, response.get().statusCode());
            assertEquals(Long.toString(app.pid()), response.get().body());
        }
    }

    @Test
    void errorIsAPlain500WithTheTraceOnlyInTheLog() throws Exception {
        HttpResponse<String> response = app.get("/error");
        assertEquals(500, response.statusCode());
        String body = response.body();
        assertFalse(body.contains("at "), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("dev.gale"), body);
        assertFalse(body.contains("on purpose"), body);
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("Request id: ([0-9a-f]{12})").matcher(body);
        assertTrue(id.find(), body);
        app.awaitLog("Uncaught exception GET /error (request " + id.group(1) + ")", Duration.ofSeconds(5));
        app.awaitLog("at dev.gale.demo.FailingHandler.get", Duration.ofSeconds(5));
    }

    @Test
    void unknownPathIs404NamingNoClass() throws Exception {
        HttpResponse<String> response = app.get("/no/such/page");
        assertEquals(404, response.statusCode());
        assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", response.body());
    }

    @Test
    void knownPathWithAMissingMethodIs405WithAllow() throws Exception {
        String token = app.get("/login").headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("_xsrf="))
                .map(c -> c.substring(6, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> response =
                app.send(HttpRequest.newBuilder(app.base().resolve("/"))
                        .header("Cookie", "_xsrf=" + token)
                        .header("X-XSRFToken", token)
                        .DELETE());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
        assertFalse(response.body().contains("dev.gale") || response.body().contains("jetty"), response.body());
    }

    @Test
    void unsafeMethodWithoutXsrfTokenIs403() throws Exception {
        HttpResponse<String> response =
                app.send(HttpRequest.newBuilder(app.base().resolve("/")).DELETE());
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("_xsrf"), response::body);
    }

    @Test
    void everyRequestGetsOneAccessLogLine() throws Exception {
        app.get("/?probe=access-log");
        app.get("/missing?probe=access-log");
        String line = app.awaitLog("GET /?probe=access-log", Duration.ofSeconds(5));
        String prefix = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}:";
        assertTrue(
                line.matches(prefix + "INFO :gale\\.access:gale-\\d+: 200 GET /\\?probe=access-log "
                        + "\\(127\\.0\\.0\\.1\\) \\d+\\.\\d\\dms"),
                line);
        String notFound = app.awaitLog("GET /missing?probe=access-log", Duration.ofSeconds(5));
        assertTrue(
                notFound.matches(prefix + "WARN :gale\\.access:gale-\\d+: 404 GET /missing\\?probe=access-log .*"),
                notFound);
        assertEquals(
                1,
                app.output()
                        .lines()
                        .filter(l -> l.contains(" GET /?probe=access-log "))
                        .count(),
                app::output);
    }

    @Test
    void loggingAtWarningDropsTheAccessLinesOfSuccessesButKeepsClientErrors() throws Exception {
        try (LauncherProcess quiet = LauncherProcess.start(
                Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1", "--logging=warning")) {
            assertEquals(200, quiet.get("/?probe=quiet").statusCode());
            assertEquals(404, quiet.get("/missing?probe=quiet").statusCode());
            quiet.awaitLog("404 GET /missing?probe=quiet", Duration.ofSeconds(5));
            assertFalse(quiet.output().contains("200 GET /?probe=quiet"), quiet::output);
        }
    }

    @Test
    void aMalformedRequestIsLoggedAndTheReadinessProbeIsNot() throws Exception {
        try (LauncherProcess fresh =
                LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1")) {
            assertEquals(200, fresh.get("/_gale/ready").statusCode());
            try (RawHttp.Connection connection =
                    new RawHttp.Connection(fresh.base().getPort())) {
                connection.write("GET /a b c HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertEquals(400, connection.read().status());
            }
            assertTrue(fresh.awaitLog(":gale.access:", Duration.ofSeconds(5)).contains(" 400 "), fresh::output);
            fresh.get("/?probe=after-ready");
            fresh.awaitLog("GET /?probe=after-ready", Duration.ofSeconds(5));
            assertFalse(fresh.output().contains("/_gale/ready"), fresh::output);
        }
    }
}
