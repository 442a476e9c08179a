package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.test.GaleTestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorsTest {
    private static final String SECRET = "db-password-hunter2";
    private static final String SERVER_ERROR_PAGE =
            "<html><title>500: Internal Server Error</title><body>500: Internal Server Error"
                    + "<p>Request id: [0-9a-f]{12}</p></body></html>";

    public static final class ForbiddenHandler extends RequestHandler {
        @Override
        protected void get() {
            write("partial output");
            throw new HttpError(403, "No <b>entry</b> & \"quotes\" 'too'");
        }
    }

    public static final class PlainHttpErrorHandler extends RequestHandler {
        @Override
        protected void get() {
            throw new HttpError(410);
        }
    }

    public static final class CrashHandler extends RequestHandler {
        @Override
        protected void get() {
            setHeader("X-Before-Crash", "yes");
            write("partial output");
            throw new IllegalStateException("Lost connection with " + SECRET);
        }
    }

    public static final class CheckedCrashHandler extends RequestHandler {
        @Override
        protected void get() throws Exception {
            throw new java.io.IOException("disk full at " + SECRET);
        }
    }

    public static final class InitializeCrashHandler extends RequestHandler {
        @Override
        protected void initialize(Map<String, Object> args) {
            throw new IllegalStateException("initialize broke: " + SECRET);
        }

        @Override
        protected void get() {
            write("unreachable");
        }
    }

    public static final class ConstructorCrashHandler extends RequestHandler {
        private final String config = loadConfig();

        private static String loadConfig() {
            throw new IllegalStateException("cannot read config: " + SECRET);
        }

        @Override
        protected void get() {
            write(config);
        }
    }

    public static final class CustomErrorHandler extends RequestHandler {
        @Override
        protected void get() {
            if (getArgument("kind", "http").equals("http")) {
                throw new HttpError(409, "name taken");
            }
            throw new IllegalArgumentException("bad internal state");
        }

        @Override
        protected void writeError(int status, Throwable cause) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", status);
            json.put("cause", cause == null ? null : cause.getClass().getSimpleName());
            json.put("message", cause instanceof HttpError ? cause.getMessage() : "hidden");
            write(json);
        }
    }

    public static final class BrokenWriteErrorHandler extends RequestHandler {
        @Override
        protected void get() {
            throw new HttpError(418, "teapot");
        }

        @Override
        protected void writeError(int status, Throwable cause) {
            write("half an error page");
            throw new IllegalStateException("writeError itself failed");
        }
    }

    public static final class SendErrorHandler extends RequestHandler {
        @Override
        protected void get() {
            setHeader("X-Before-Error", "yes");
            write("partial output");
            sendError(503);
        }
    }

    private static Application application(Settings settings) {
        return Application.builder()
                .route("/forbidden", ForbiddenHandler.class)
                .route("/gone", PlainHttpErrorHandler.class)
                .route("/crash", CrashHandler.class)
                .route("/checked-crash", CheckedCrashHandler.class)
                .route("/initialize-crash", InitializeCrashHandler.class)
                .route("/constructor-crash", ConstructorCrashHandler.class)
                .route("/custom", CustomErrorHandler.class)
                .route("/broken-write-error", BrokenWriteErrorHandler.class)
                .route("/send-error", SendErrorHandler.class)
                .settings(settings)
                .build();
    }

    private static GaleTestServer serve(Settings settings) {
        return GaleTestServer.start(application(settings));
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .replace(" ", "")
                .toLowerCase(Locale.ROOT);
    }

    private static void assertNothingLeaks(HttpResponse<String> response) {
        String body = response.body();
        assertFalse(body.contains(SECRET), () -> "the exception message leaked: " + body);
        assertFalse(body.contains("Exception"), () -> "the exception class leaked: " + body);
        assertFalse(body.contains("at dev.gale") || body.contains("\tat "), () -> "a stack trace leaked: " + body);
    }

    @Test
    void httpErrorSendsItsStatusWithTheMessageEscaped() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/forbidden");
            assertEquals(403, response.statusCode());
            String escaped = "403: No &lt;b&gt;entry&lt;/b&gt; &amp; &quot;quotes&quot; &#39;too&#39;";
            assertEquals("<html><title>" + escaped + "</title><body>" + escaped + "</body></html>", response.body());
            assertTrue(contentType(response).startsWith("text/html"), () -> contentType(response));
        }
    }

    @Test
    void httpErrorWithoutMessageShowsTheReasonPhrase() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/gone");
            assertEquals(410, response.statusCode());
            assertEquals("<html><title>410: Gone</title><body>410: Gone</body></html>", response.body());
        }
    }

    @Test
    void httpErrorRejectsStatusesOutsideErrors() {
        for (int status : new int[] {200, 302, 399, 600, 0, -1}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new HttpError(status, "x"), () -> "" + status);
            assertTrue(e.getMessage().contains(String.valueOf(status)), e::getMessage);
        }
        assertThrows(IllegalArgumentException.class, () -> new HttpError(399));
        assertEquals(400, new HttpError(400).status());
        assertEquals(599, new HttpError(599, "edge").status());
    }

    @Test
    void uncaughtExceptionIs500WithoutDetails() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/crash");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().matches(SERVER_ERROR_PAGE), response::body);
            assertNothingLeaks(response);
            assertEquals(
                    Optional.empty(),
                    response.headers().firstValue("X-Before-Crash"),
                    "the error page replaces the headers the handler set");
        }
    }

    @Test
    void uncaughtCheckedExceptionIs500WithoutDetails() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/checked-crash");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().matches(SERVER_ERROR_PAGE), response::body);
            assertNothingLeaks(response);
        }
    }

    @Test
    void exceptionInInitializeIs500() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/initialize-crash");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().matches(SERVER_ERROR_PAGE), response::body);
        }
    }

    /** A handler whose construction fails (a field initializer throws) is an uncaught exception like any other. */
    @Test
    void exceptionInHandlerConstructorIs500WithoutDetails() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/constructor-crash");
            assertEquals(500, response.statusCode());
            assertNothingLeaks(response);
            assertFalse(response.body().contains("ConstructorCrashHandler"), response::body);
            assertTrue(response.body().matches(SERVER_ERROR_PAGE), response::body);
        }
    }

    @Test
    void serveTracebackShowsTheTrace() {
        try (GaleTestServer server = serve(Settings.empty().with(Settings.SERVE_TRACEBACK, true))) {
            HttpResponse<String> response = server.client().get("/crash");
            assertEquals(500, response.statusCode());
            assertEquals("text/html;charset=utf-8", contentType(response));
            String body = response.body();
            assertTrue(body.contains("java.lang.IllegalStateException: Lost connection with " + SECRET), body);
            assertTrue(body.contains("    at dev.gale.web.ErrorsTest$CrashHandler.get("), body);
            assertFalse(body.contains("partial output"), body);
        }
    }

    @Test
    void debugTurnsOnTheTraceback() {
        try (GaleTestServer server = serve(Settings.empty().with(Settings.DEBUG, true))) {
            HttpResponse<String> response = server.client().get("/crash");
            assertEquals(500, response.statusCode());
            assertEquals("text/html;charset=utf-8", contentType(response));
            assertTrue(response.body().contains(SECRET), response::body);
            assertTrue(response.body().contains("    at "), response::body);
        }
    }

    @Test
    void explicitServeTracebackFalseWinsOverDebug() {
        Settings settings = Settings.empty().with(Settings.DEBUG, true).with(Settings.SERVE_TRACEBACK, false);
        try (GaleTestServer server = serve(settings)) {
            HttpResponse<String> response = server.client().get("/crash");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().matches(SERVER_ERROR_PAGE), response::body);
            assertNothingLeaks(response);
        }
    }

    @Test
    void httpErrorPageIsHtmlEvenWithTraceback() {
        try (GaleTestServer server = serve(Settings.empty().with(Settings.SERVE_TRACEBACK, true))) {
            HttpResponse<String> response = server.client().get("/gone");
            assertEquals(410, response.statusCode());
            assertEquals("<html><title>410: Gone</title><body>410: Gone</body></html>", response.body());
        }
    }

    @Test
    void overriddenWriteErrorRendersHttpErrors() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/custom?kind=http");
            assertEquals(409, response.statusCode());
            assertEquals("application/json;charset=utf-8", contentType(response));
            assertEquals("{\"status\":409,\"cause\":\"HttpError\",\"message\":\"name taken\"}", response.body());
        }
    }

    @Test
    void overriddenWriteErrorRendersUncaughtExceptions() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/custom?kind=crash");
            assertEquals(500, response.statusCode());
            assertEquals(
                    "{\"status\":500,\"cause\":\"IllegalArgumentException\",\"message\":\"hidden\"}", response.body());
        }
    }

    @Test
    void failingWriteErrorFallsBackToTheDefaultPage() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/broken-write-error");
            assertEquals(418, response.statusCode());
            assertEquals(
                    "<html><title>418: Client Error</title><body>418: Client Error</body></html>", response.body());
        }
    }

    @Test
    void sendErrorReplacesWhatWasWritten() {
        try (GaleTestServer server = serve(Settings.empty())) {
            HttpResponse<String> response = server.client().get("/send-error");
            assertEquals(503, response.statusCode());
            assertEquals(
                    "<html><title>503: Service Unavailable</title><body>503: Service Unavailable</body></html>",
                    response.body());
            assertEquals(Optional.empty(), response.headers().firstValue("X-Before-Error"));
        }
    }
}
