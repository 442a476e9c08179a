package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code --debug} shows the trace of {@code /error}; an explicit {@code --serve_traceback=false} wins over it. */
class DebugModeIT {
    @Test
    void debugShowsTheExceptionAndItsStack() throws Exception {
        try (LauncherProcess app = LauncherProcess.start(Artifacts.launcherJar(), "--port=0", "--debug")) {
            HttpResponse<String> response = app.get("/error");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().contains("the demo's /error handler failed on purpose"), response::body);
            assertTrue(response.body().contains("at dev.gale.demo.FailingHandler.get"), response::body);
        }
    }

    @Test
    void explicitServeTracebackFalseWinsOverDebug() throws Exception {
        try (LauncherProcess app =
                LauncherProcess.start(Artifacts.launcherJar(), "--port=0", "--debug", "--serve_traceback=false")) {
            HttpResponse<String> response = app.get("/error");
            assertEquals(500, response.statusCode());
            assertFalse(response.body().contains("FailingHandler"), response::body);
        }
    }
}
