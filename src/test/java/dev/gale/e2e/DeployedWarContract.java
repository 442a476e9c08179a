package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The demo contract for webapp.war dropped unchanged into a container: one container per test class, holding three
 * copies of the WAR: {@code /webapp/} as it is, {@code /debug/} with the context parameters {@code debug=true} and
 * {@code xheaders=true}, and
 * {@code /misconfigured/} whose {@code gale.application} names a class that does not exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeployedWarContract {
    private static final Deployment WEBAPP = Deployment.of("webapp");
    private static final Deployment DEBUG = Deployment.of("debug", Map.of("debug", "true", "xheaders", "true"));
    private static final String MISSING_CLASS = "com.example.NoSuchApplication";
    private static final Deployment MISCONFIGURED =
            Deployment.of("misconfigured", Map.of("gale.application", MISSING_CLASS));

    private static final String NOT_FOUND_PAGE =
            "<html><title>404: Not Found</title><body>404: Not Found</body></html>";
    private static final java.util.regex.Pattern SERVER_ERROR_PAGE = java.util.regex.Pattern.compile(
            "<html><title>500: Internal Server Error</title><body>500: Internal Server Error"
                    + "<p>Request id: ([0-9a-f]{12})</p></body></html>");

    private ContainerProcess container;

    /** The container under test, unpacked by the build. */
    abstract Distribution distribution();

    @BeforeAll
    void start() throws Exception {
        container =
                ContainerProcess.start(distribution(), Artifacts.webappWar(), List.of(WEBAPP, DEBUG, MISCONFIGURED));
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void rootSaysHelloWorld() throws Exception {
        HttpResponse<String> response = container.get(WEBAPP.path("/"));
        assertEquals(200, response.statusCode(), container::output);
        assertEquals("Hello, world", response.body());
    }

    @Test
    void contextRootWithoutTheSlashRedirectsToIt() throws Exception {
        HttpResponse<String> response = container.get(WEBAPP.contextPath() + "?from=bookmark");
        assertEquals(301, response.statusCode(), response::body);
        String location = response.headers().firstValue("Location").orElse("");
        assertEquals(container.uri(WEBAPP.path("/?from=bookmark")), container.uri(location), location);
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<String> response = container.send(HttpRequest.newBuilder(container.uri(WEBAPP.path("/")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals("12", response.headers().firstValue("Content-Length").orElse(""));
    }

    @Test
    void ipReportsTheLoopbackClientOverHttp() throws Exception {
        HttpResponse<String> response = container.get(WEBAPP.path("/ip"));
        assertEquals(200, response.statusCode());
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                () -> response.headers().toString());
        String host = "127.0.0.1:" + container.uri("/").getPort();
        assertEquals("{\"remote_ip\":\"127.0.0.1\",\"protocol\":\"http\",\"host\":\"" + host + "\"}", response.body());
    }

    @Test
    void longAnswersWithTheServingPidWithoutHoldingUpAQuickRequest() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slow.add(container
                    .client()
                    .sendAsync(
                            HttpRequest.newBuilder(container.uri(WEBAPP.path("/long")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> quick = container.get(WEBAPP.path("/"));
        assertEquals(200, quick.statusCode());
        assertTrue(slow.stream().noneMatch(CompletableFuture::isDone), "a quick request waited for /long");
        for (CompletableFuture<HttpResponse<String>> response : slow) {
            assertEquals(200, response.get().statusCode());
            String pid = response.get().body();
            assertTrue(pid.matches("\\d+"), pid);
            assertTrue(container.pids().contains(Long.parseLong(pid)), () -> pid + " is not the container's pid");
        }
    }

    @Test
    void errorIsGalesPlain500WithTheTraceOnlyInTheLog() throws Exception {
        HttpResponse<String> response = container.get(WEBAPP.path("/error"));
        assertEquals(500, response.statusCode());
        String body = response.body();
        assertNamesNothing(body);
        assertFalse(body.contains("on purpose"), body);
        assertFalse(body.lines().anyMatch(line -> line.strip().startsWith("at ")), body);
        java.util.regex.Matcher page = SERVER_ERROR_PAGE.matcher(body);
        assertTrue(page.matches(), body);
        container.awaitLog("Uncaught exception GET " + WEBAPP.path("/error") + " (request " + page.group(1) + ")");
        container.awaitLog("at dev.gale.demo.FailingHandler.get");
    }

    @Test
    void unknownPathIsGales404() throws Exception {
        HttpResponse<String> response = container.get(WEBAPP.path("/nope"));
        assertEquals(404, response.statusCode());
        assertNamesNothing(response.body());
        assertEquals(NOT_FOUND_PAGE, response.body());
    }

    /** The container refuses these itself, or would list or serve them without Gale; either way, Gale's page. */
    @Test
    void filesInsideTheWarAreNeitherListedNorServed() throws Exception {
        for (String path : List.of("/META-INF/MANIFEST.MF", "/WEB-INF/lib/", "/META-INF/")) {
            HttpResponse<String> response = container.get(WEBAPP.path(path));
            assertEquals(404, response.statusCode(), path);
            assertEquals(NOT_FOUND_PAGE, response.body(), path);
        }
    }

    @Test
    void knownPathWithAMissingMethodIs405WithAllow() throws Exception {
        String token = container.get(WEBAPP.path("/login")).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("_xsrf="))
                .map(c -> c.substring(6, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> response = container.send(HttpRequest.newBuilder(container.uri(WEBAPP.path("/")))
                .header("Cookie", "_xsrf=" + token)
                .header("X-XSRFToken", token)
                .DELETE());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
        assertNamesNothing(response.body());
    }

    @Test
    void unsafeMethodWithoutXsrfTokenIs403() throws Exception {
        HttpResponse<String> response = container.send(
                HttpRequest.newBuilder(container.uri(WEBAPP.path("/"))).DELETE());
        assertEquals(403, response.statusCode());
        assertNamesNothing(response.body());
    }

    @Test
    void aFormInACharsetJavaDoesNotKnowIs400() throws Exception {
        HttpResponse<String> page = container.get(WEBAPP.path("/login"));
        assertEquals(200, page.statusCode(), container::output);
        String xsrf = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("_xsrf="))
                .map(c -> c.substring("_xsrf=".length(), c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        for (String contentType : List.of(
                "application/x-www-form-urlencoded; charset=foobar",
                "multipart/form-data; boundary=B; charset=bogus")) {
            HttpResponse<String> response = container.send(HttpRequest.newBuilder(container.uri(WEBAPP.path("/login")))
                    .header("Content-Type", contentType)
                    .header("Cookie", "_xsrf=" + xsrf)
                    .header("X-XSRFToken", xsrf)
                    .POST(HttpRequest.BodyPublishers.ofString("name=alice")));
            assertEquals(400, response.statusCode(), contentType + ": " + response.body());
            assertNamesNothing(response.body());
        }
    }

    @Test
    void requestsReachGalesAccessLogInTheContainerLog() throws Exception {
        container.get(WEBAPP.path("/?probe=access-log"));
        String line = container.awaitLog("GET " + WEBAPP.path("/?probe=access-log"));
        assertTrue(line.matches(".*200 GET /webapp/\\?probe=access-log \\(127\\.0\\.0\\.1\\) \\d+\\.\\d\\dms$"), line);
    }

    @Test
    void theApplicationStartsOncePerDeployment() throws Exception {
        String ready = "Gale application ready at context path '" + WEBAPP.contextPath() + "'";
        container.awaitLog(ready);
        assertEquals(1, container.logLines(ready).size(), container::output);
    }

    @Test
    void xheadersContextParameterBelievesALoopbackProxy() throws Exception {
        HttpResponse<String> response = container.send(HttpRequest.newBuilder(container.uri(DEBUG.path("/ip")))
                .header("X-Real-IP", "203.0.113.7")
                .header("X-Scheme", "https"));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"remote_ip\":\"203.0.113.7\""), response::body);
        assertTrue(response.body().contains("\"protocol\":\"https\""), response::body);
    }

    @Test
    void withoutXheadersForwardedHeadersAreIgnored() throws Exception {
        HttpResponse<String> response = container.send(HttpRequest.newBuilder(container.uri(WEBAPP.path("/ip")))
                .header("X-Real-IP", "203.0.113.7")
                .header("X-Scheme", "https"));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"remote_ip\":\"127.0.0.1\""), response::body);
        assertTrue(response.body().contains("\"protocol\":\"http\""), response::body);
    }

    @Test
    void debugContextParameterShowsTheTrace() throws Exception {
        HttpResponse<String> response = container.get(DEBUG.path("/error"));
        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("the /error handler of the demo failed on purpose"), response::body);
        assertTrue(response.body().contains("at dev.gale.demo.FailingHandler.get"), response::body);
        container.awaitLog("Gale application ready at context path '" + DEBUG.contextPath() + "' (debug=true");
    }

    @Test
    void missingApplicationClassFailsTheDeploymentWithOneLineNamingIt() throws Exception {
        String line = container.awaitLog("Gale cannot find the application class " + MISSING_CLASS);
        assertTrue(line.endsWith("Gale cannot find the application class " + MISSING_CLASS), line);
        for (String path : List.of("/", "/ip")) {
            HttpResponse<String> response = container.get(MISCONFIGURED.path(path));
            assertTrue(
                    response.statusCode() == 404 || response.statusCode() == 503,
                    () -> path + " answered " + response.statusCode());
            assertFalse(response.body().contains("Hello, world"), response::body);
            assertFalse(response.body().contains("remote_ip"), response::body);
        }
        assertTrue(
                container
                        .logLines("Gale application ready at context path '" + MISCONFIGURED.contextPath() + "'")
                        .isEmpty(),
                container::output);
    }

    /** The body names no class of Gale or Java and neither the container nor its version. */
    private void assertNamesNothing(String body) {
        assertFalse(body.contains("dev.gale"), body);
        assertFalse(body.contains("Exception"), body);
        String lowerCase = body.toLowerCase(Locale.ROOT);
        for (String name : container.selfNames()) {
            assertFalse(lowerCase.contains(name.toLowerCase(Locale.ROOT)), () -> name + ": " + body);
        }
    }
}
