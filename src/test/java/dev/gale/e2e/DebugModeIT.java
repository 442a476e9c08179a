package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --debug} shows the trace of {@code /error}; an explicit {@code --serve_traceback=false} wins over it. With
 * {@code --debug} a child JVM of the launcher serves, and the launcher passes its log on and stops it when stopped.
 */
class DebugModeIT {
    @Test
    void debugShowsTheExceptionAndItsStack() throws Exception {
        try (LauncherProcess app =
                LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--debug")) {
            HttpResponse<String> response = app.get("/error");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().contains("the /error handler of the demo failed on purpose"), response::body);
            assertTrue(response.body().contains("at dev.gale.demo.FailingHandler.get"), response::body);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertEquals(0, app.stop());
        }
    }

    @Test
    void theRequestIdOfTheDebugPageIsInTheLogTheLauncherPassesOn() throws Exception {
        try (LauncherProcess app =
                LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--debug")) {
            HttpResponse<String> response = app.get("/error");
            assertEquals(500, response.statusCode());
            Matcher id = Pattern.compile("<p>Request id: ([0-9a-f]{12})</p>").matcher(response.body());
            assertTrue(id.find(), response::body);
            String line = app.awaitLog("(request " + id.group(1) + ")", Duration.ofSeconds(10));
            assertTrue(line.contains("Uncaught exception GET /error (request " + id.group(1) + ")"), line);
            app.awaitLog("at dev.gale.demo.FailingHandler.get", Duration.ofSeconds(10));
            assertEquals(0, app.stop());
        }
    }

    @Test
    void debugPageIsPlainTextForAClientThatTakesNoHtmlAndMasksCookies() throws Exception {
        try (LauncherProcess app =
                LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--debug")) {
            HttpResponse<String> response =
                    app.send(java.net.http.HttpRequest.newBuilder(app.base().resolve("/error"))
                            .header("Accept", "text/plain")
                            .header("Cookie", "user=very-secret-value"));
            assertEquals(500, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(response.body().contains("GET /error HTTP/1.1"), response::body);
            assertTrue(response.body().contains("Cookie: (masked)"), response::body);
            assertFalse(response.body().contains("very-secret-value"), response::body);
            assertTrue(response.body().contains("> at dev.gale.demo.FailingHandler.get"), response::body);
            assertEquals(0, app.stop());
        }
    }

    @Test
    void explicitServeTracebackFalseWinsOverDebug() throws Exception {
        try (LauncherProcess app = LauncherProcess.start(
                Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--debug", "--serve_traceback=false")) {
            HttpResponse<String> response = app.get("/error");
            assertEquals(500, response.statusCode());
            assertFalse(response.body().contains("FailingHandler"), response::body);
            assertEquals(0, app.stop());
        }
    }
}
