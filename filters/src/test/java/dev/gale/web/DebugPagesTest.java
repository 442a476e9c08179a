package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.app.DebugHandlers;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The 500 pages of an unexpected exception, against a real Jetty: with {@code debug} the exception, its causes and
 * the stack, the application's frames set apart and credentials masked; without it only the status and a request id
 * that the log line of the trace repeats. Exceptions escaping the application's own filters and servlets beside Gale
 * get the same pages; a response already on the wire gets nothing appended.
 */
class DebugPagesTest {
    private static final Pattern PRODUCTION_PAGE =
            Pattern.compile("<html><title>500: Internal Server Error</title><body>500: Internal Server Error"
                    + "<p>Request id: ([0-9a-f]{12})</p></body></html>");

    private static TestServer serve(Settings settings) {
        Application application = Application.builder()
                .route("/crash", DebugHandlers.Crash.class)
                .route("/flush-crash", DebugHandlers.FlushThenCrash.class)
                .route("/own-page", DebugHandlers.OwnErrorPage.class)
                .settings(settings)
                .build();
        GaleInitializer gale = new GaleInitializer(application);
        return TestServer.builder()
                .initializer((classes, context) -> {
                    gale.onStartup(classes, context);
                    FilterRegistration.Dynamic filter =
                            context.addFilter("app-filter", new DebugHandlers.ThrowingFilter());
                    filter.addMappingForUrlPatterns(null, true, "/filtered/*");
                    ServletRegistration.Dynamic servlet =
                            context.addServlet("app-servlet", new DebugHandlers.ThrowingServlet());
                    servlet.addMapping("/servlet/*");
                })
                .startOrThrow();
    }

    private static TestServer debug() {
        return serve(Settings.empty().with(Settings.DEBUG, true));
    }

    private static TestServer production() {
        return serve(Settings.empty());
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .replace(" ", "")
                .toLowerCase(Locale.ROOT);
    }

    private static HttpResponse<String> get(TestServer server, String path, String... headers) {
        HttpRequest.Builder request = server.request(path).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.send(request.build());
    }

    /** The request id of a production page, after checking the page is exactly the status and the id. */
    private static String requestIdOf(HttpResponse<String> response) {
        assertEquals(500, response.statusCode());
        Matcher page = PRODUCTION_PAGE.matcher(response.body());
        assertTrue(page.matches(), response::body);
        return page.group(1);
    }

    /** The log line that says the request with this id failed. */
    private static String logLineOf(LogCapture log, String id) {
        return log.lines().stream()
                .filter(line -> line.contains("(request " + id + ")"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line names request " + id + ": " + log.lines()));
    }

    /**
     * Every byte the server sends for a raw GET, until it closes the connection, whether it closes it cleanly or
     * cuts it.
     */
    private static String rawExchange(TestServer server, String path) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException cut) {
                // a connection reset after the bytes already read: what the client got is what counts
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    @Test
    void debugPageEscapesTheMessageTheRequestLineAndTheHeaders() {
        try (TestServer server = debug()) {
            HttpResponse<String> response = get(
                    server,
                    "/crash?q=%3Cscript%3E&tag=b",
                    "Accept",
                    "text/html",
                    "X-Note",
                    "<script>alert(1)</script> & \"quotes\"");
            assertEquals(500, response.statusCode());
            assertEquals("text/html;charset=utf-8", contentType(response));
            String body = response.body();
            assertTrue(
                    body.contains("java.lang.IllegalStateException: outer &lt;b&gt;message&lt;/b&gt; &amp; "
                            + "&quot;quoted&quot;"),
                    body);
            assertTrue(body.contains("X-Note: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"), body);
            assertTrue(body.contains("GET /crash?q=%3Cscript%3E&amp;tag=b HTTP/1.1"), body);
            assertFalse(body.contains("<b>message</b>"), body);
            assertFalse(body.contains("<script>"), body);
            assertFalse(body.contains("&tag="), body);
        }
    }

    @Test
    void debugPageMasksCookiesAuthorizationAndTheXsrfHeader() {
        try (TestServer server = debug()) {
            HttpResponse<String> response = get(
                    server,
                    "/crash",
                    "Cookie",
                    "user=cookie-value-1; _xsrf=cookie-value-2",
                    "Authorization",
                    "Bearer authorization-value",
                    "X-XSRFToken",
                    "xsrf-header-value",
                    "X-Visible",
                    "shown-value");
            assertEquals(500, response.statusCode());
            String body = response.body();
            String lower = body.toLowerCase(Locale.ROOT);
            assertTrue(lower.contains("cookie: (masked)"), body);
            assertTrue(lower.contains("authorization: (masked)"), body);
            assertTrue(lower.contains("x-xsrftoken: (masked)"), body);
            assertTrue(body.contains("shown-value"), body);
            for (String secret :
                    List.of("cookie-value-1", "cookie-value-2", "authorization-value", "xsrf-header-value")) {
                assertFalse(body.contains(secret), () -> secret + " leaked: " + body);
            }
        }
    }

    @Test
    void debugPageListsTheCauseChainInOrder() {
        try (TestServer server = debug()) {
            String body = get(server, "/crash").body();
            int outer = body.indexOf("<b>java.lang.IllegalStateException: outer &lt;b&gt;message");
            int wrapper = body.indexOf("<b>Caused by: java.io.UncheckedIOException: java.io.IOException: inner "
                    + "&lt;i&gt;cause&lt;/i&gt;</b>");
            int root = body.indexOf("<b>Caused by: java.io.IOException: inner &lt;i&gt;cause&lt;/i&gt;</b>");
            assertTrue(outer >= 0 && wrapper > outer && root > wrapper, body);
            assertTrue(
                    body.indexOf("DebugHandlers$Crash.readDisk(", root) > root,
                    () -> "the root cause lists its own frames: " + body);
        }
    }

    @Test
    void debugPageSetsTheApplicationsFramesApart() {
        try (TestServer server = debug()) {
            String body = get(server, "/crash").body();
            assertTrue(body.contains("<span class=\"app\">    at example.app.DebugHandlers$Crash.loadAccount("), body);
            assertTrue(body.contains("<span class=\"app\">    at example.app.DebugHandlers$Crash.get("), body);
            assertTrue(body.contains("<span class=\"framework\">    at dev.gale.web.RequestCycle."), body);
            assertTrue(body.contains("<span class=\"container\">    at org.eclipse.jetty."), body);
            Matcher frames = Pattern.compile("<span class=\"(\\w+)\">    at ([\\w.$]+)\\.")
                    .matcher(body);
            int count = 0;
            while (frames.find()) {
                count++;
                boolean application = frames.group(2).startsWith("example.app.");
                assertEquals(application, frames.group(1).equals("app"), frames.group());
            }
            assertTrue(count > 10, body);
            assertTrue(body.contains(".app{"), () -> "the page styles application frames: " + body);
        }
    }

    @Test
    void debugPageIsPlainTextWhenAcceptLacksHtml() {
        try (TestServer server = debug()) {
            for (String accept : List.of("application/json", "text/plain", "text/plain, application/json;q=0.5")) {
                HttpResponse<String> response = get(server, "/crash", "Accept", accept, "Cookie", "user=plain-secret");
                assertEquals(500, response.statusCode(), accept);
                assertEquals("text/plain;charset=utf-8", contentType(response), accept);
                String body = response.body();
                assertTrue(body.matches("(?s)500: Internal Server Error \\(request [0-9a-f]{12}\\)\n\n.*"), body);
                assertTrue(body.contains("java.lang.IllegalStateException: " + DebugHandlers.MESSAGE + "\n"), body);
                assertTrue(body.contains("Caused by: java.io.IOException: " + DebugHandlers.CAUSE + "\n"), body);
                assertTrue(body.contains("  > at example.app.DebugHandlers$Crash.get("), body);
                assertTrue(body.contains("    at dev.gale.web.RequestCycle."), body);
                assertTrue(body.toLowerCase(Locale.ROOT).contains("cookie: (masked)"), body);
                assertFalse(body.contains("plain-secret"), body);
                assertFalse(body.contains("<span") || body.contains("&lt;"), body);
            }
        }
    }

    @Test
    void debugPageIsHtmlForBrowsersAndClientsThatSendNoAccept() {
        try (TestServer server = debug()) {
            for (String[] headers : List.of(
                    new String[0],
                    new String[] {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
                    new String[] {"Accept", "*/*"})) {
                HttpResponse<String> response = get(server, "/crash", headers);
                assertEquals("text/html;charset=utf-8", contentType(response), List.of(headers)::toString);
                assertTrue(response.body().startsWith("<!DOCTYPE html>"), response::body);
            }
        }
    }

    @Test
    void productionPageHasOnlyTheStatusAndARequestIdThatTheLogLineRepeats() {
        try (TestServer server = production();
                LogCapture log = new LogCapture()) {
            HttpResponse<String> first = get(server, "/crash");
            String id = requestIdOf(first);
            assertEquals("text/html;charset=utf-8", contentType(first));
            for (String leak : List.of("message", "cause", "Exception", "example.app", " at ", "GET /crash")) {
                assertFalse(first.body().contains(leak), () -> leak + " leaked: " + first.body());
            }
            String line = logLineOf(log, id);
            assertTrue(line.contains("Uncaught exception GET /crash (request " + id + ")"), line);
            String logged = String.join("\n", log.lines());
            assertTrue(logged.contains(DebugHandlers.MESSAGE), () -> "the log keeps the trace: " + logged);
            assertTrue(logged.contains("DebugHandlers$Crash.readDisk"), logged);

            String second = requestIdOf(get(server, "/crash"));
            assertFalse(second.equals(id), "each failure gets an id of its own");
            logLineOf(log, second);
        }
    }

    @Test
    void ownWriteErrorIsHonouredInDebugAndInProduction() {
        for (Settings settings : List.of(Settings.empty(), Settings.empty().with(Settings.DEBUG, true))) {
            try (TestServer server = serve(settings)) {
                HttpResponse<String> response = get(server, "/own-page", "Accept", "text/html");
                assertEquals(500, response.statusCode(), settings::describe);
                assertEquals("text/plain;charset=utf-8", contentType(response), settings::describe);
                assertEquals("own page 500 for IllegalArgumentException", response.body(), settings::describe);
            }
        }
    }

    @Test
    void exceptionFromAnotherFilterGetsTheDebugPage() {
        try (TestServer server = debug()) {
            HttpResponse<String> response = get(server, "/filtered/page", "Cookie", "user=filter-secret");
            assertEquals(500, response.statusCode());
            assertEquals("text/html;charset=utf-8", contentType(response));
            String body = response.body();
            assertTrue(body.contains("java.lang.IllegalStateException: filter &lt;broke&gt; /filtered/page"), body);
            assertTrue(
                    body.contains("<span class=\"app\">    at example.app.DebugHandlers$ThrowingFilter.doFilter("),
                    body);
            assertTrue(body.contains("GET /filtered/page HTTP/1.1"), body);
            assertFalse(body.contains("filter-secret"), body);
            assertFalse(body.contains("Powered by Jetty") || body.contains("HTTP ERROR"), body);
        }
    }

    @Test
    void servletExceptionFromAnotherServletGetsTheDebugPageWithoutWhatTheServletWrote() {
        try (TestServer server = debug()) {
            HttpResponse<String> html = get(server, "/servlet/wrapped");
            assertEquals(500, html.statusCode());
            assertEquals("text/html;charset=utf-8", contentType(html));
            assertTrue(html.body().contains("jakarta.servlet.ServletException: servlet gave up"), html::body);
            assertTrue(
                    html.body().contains("<b>Caused by: java.io.IOException: servlet &lt;cause&gt;</b>"), html::body);
            assertFalse(html.body().contains("buffered junk"), html::body);

            HttpResponse<String> text = get(server, "/servlet/wrapped", "Accept", "text/plain");
            assertEquals(500, text.statusCode());
            assertEquals("text/plain;charset=utf-8", contentType(text));
            assertTrue(text.body().contains("Caused by: java.io.IOException: servlet <cause>"), text::body);
            assertTrue(text.body().contains("  > at example.app.DebugHandlers$ThrowingServlet.doGet("), text::body);
        }
    }

    @Test
    void exceptionOutsideHandlersInProductionGetsTheRequestIdPageAndLogLine() {
        try (TestServer server = production();
                LogCapture log = new LogCapture()) {
            for (String path : List.of("/filtered/page", "/servlet/wrapped")) {
                HttpResponse<String> response = get(server, path);
                String id = requestIdOf(response);
                assertFalse(response.body().contains("broke") || response.body().contains("junk"), response::body);
                String line = logLineOf(log, id);
                assertTrue(line.contains("Uncaught exception GET " + path + " (request " + id + ")"), line);
            }
        }
    }

    @Test
    void handlerResponseAlreadySentGetsNoTraceAppended() {
        try (TestServer server = debug();
                LogCapture log = new LogCapture()) {
            String raw = rawExchange(server, "/flush-crash");
            assertTrue(raw.startsWith("HTTP/1.1 200 "), raw);
            String body = TestServer.rawBody(raw);
            assertTrue(body.contains("flushed part;"), raw);
            for (String trace : List.of("at ", "failed after the flush", "500", "Exception", "<html")) {
                assertFalse(body.contains(trace), () -> trace + " was appended: " + raw);
            }
            assertTrue(
                    log.lines().stream().anyMatch(line -> line.contains("Uncaught exception GET /flush-crash")),
                    () -> "the failure is still logged: " + log.lines());
        }
    }

    @Test
    void servletResponseAlreadySentGetsNoTraceAppended() {
        try (TestServer server = debug()) {
            String raw = rawExchange(server, "/servlet/flushed");
            assertTrue(raw.startsWith("HTTP/1.1 200 "), raw);
            String body = TestServer.rawBody(raw);
            assertTrue(body.contains("servlet flushed part;"), raw);
            for (String trace : List.of("at ", "failed after the flush", "500", "Exception", "<html")) {
                assertFalse(body.contains(trace), () -> trace + " was appended: " + raw);
            }
        }
    }
}
