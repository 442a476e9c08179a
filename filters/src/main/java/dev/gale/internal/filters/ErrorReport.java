package dev.gale.internal.filters;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The two faces of an unexpected exception. Outside debug mode the client gets a short page with a request id and
 * nothing else, and the log gets the trace under that id. With {@code serve_traceback} the page shows the exception,
 * its causes and the stack, the application's frames set apart from the framework's and the container's, and the
 * request line and headers with cookie and authorization values masked; as HTML, or as plain text for a client that
 * does not accept HTML.
 */
public final class ErrorReport {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> FRAMEWORK = List.of("dev.gale.web.", "dev.gale.internal.", "dev.gale.launcher.");
    private static final List<String> CONTAINER = List.of(
            "java.",
            "javax.",
            "jdk.",
            "sun.",
            "jakarta.",
            "org.eclipse.jetty.",
            "org.apache.catalina.",
            "org.apache.coyote.",
            "org.apache.tomcat.",
            "com.github.mustachejava.",
            "org.slf4j.");
    private static final Set<String> MASKED =
            Set.of("cookie", "authorization", "proxy-authorization", "x-xsrftoken", "x-csrftoken");

    private ErrorReport() {}

    /** A short random id that ties an error page to its log line. */
    public static String newRequestId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The page for an unexpected exception, the one place that chooses it: with {@code serveTraceback} the debug
     * page, as HTML or, for a client that does not accept HTML, plain text; else the {@link ErrorPage} with the
     * request id and nothing about the error.
     */
    public static Page page(
            int status,
            String reason,
            Throwable error,
            HttpServletRequest request,
            String requestId,
            boolean serveTraceback) {
        if (!serveTraceback) {
            return new Page(ErrorPage.HTML, ErrorPage.html(status, reason, requestId));
        }
        if (acceptsHtml(request)) {
            return new Page(ErrorPage.HTML, debugHtml(error, request, requestId));
        }
        return new Page("text/plain; charset=utf-8", debugText(error, request, requestId));
    }

    /** A page's content type and text. */
    public record Page(String contentType, String text) {}

    /** Whether the client takes HTML, by its {@code Accept} header; no header means yes. */
    private static boolean acceptsHtml(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return true;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("text/html") || lower.contains("*/*") || lower.contains("application/xhtml");
    }

    /** The debug page as plain text. */
    private static String debugText(Throwable error, HttpServletRequest request, String requestId) {
        StringBuilder out = new StringBuilder();
        out.append("500: Internal Server Error (request ").append(requestId).append(")\n\n");
        appendChain(error, out, false);
        out.append("\nRequest\n").append(requestLine(request)).append('\n');
        for (String name : Collections.list(request.getHeaderNames())) {
            out.append(name).append(": ").append(headerValue(request, name)).append('\n');
        }
        return out.toString();
    }

    /** The debug page as HTML, every value escaped. */
    private static String debugHtml(Throwable error, HttpServletRequest request, String requestId) {
        StringBuilder out = debugHead(error.getClass().getSimpleName());
        out.append("<h1>500: Internal Server Error</h1><p>Request id: ")
                .append(requestId)
                .append("</p><pre>");
        appendChain(error, out, true);
        out.append("</pre><h2>Request</h2><pre>")
                .append(Html.escape(requestLine(request)))
                .append('\n');
        for (String name : Collections.list(request.getHeaderNames())) {
            out.append(Html.escape(name))
                    .append(": ")
                    .append(Html.escape(headerValue(request, name)))
                    .append('\n');
        }
        out.append("</pre><p>This page shows because serve_traceback (or debug) is on; turn it off in production."
                + "</p></body></html>");
        return out.toString();
    }

    /**
     * The page a reloading launcher answers while the changed application cannot start: the error page, and in
     * debug mode the start's log, escaped, in the traceback page's layout.
     */
    public static String failedStartHtml(List<String> log, boolean showLog) {
        String title = "the application failed to start";
        if (!showLog) {
            return ErrorPage.html(500, title);
        }
        StringBuilder out = debugHead(title);
        out.append("<h1>500: ")
                .append(title)
                .append("</h1>")
                .append("<p>Gale keeps watching; the next change that starts reloads it.</p><pre>");
        log.forEach(line -> out.append(Html.escape(line)).append('\n'));
        return out.append("</pre></body></html>").toString();
    }

    private static StringBuilder debugHead(String title) {
        return new StringBuilder(8192)
                .append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>500: ")
                .append(Html.escape(title))
                .append("</title><style>body{font:14px/1.4 sans-serif;margin:2em}pre{font:13px/1.5 monospace;"
                        + "background:#f6f6f6;padding:1em;overflow:auto}.app{font-weight:bold;color:#000}"
                        + ".framework{color:#666}.container{color:#aaa}h2{margin-top:1.5em}</style></head><body>");
    }

    private static void appendChain(Throwable error, StringBuilder out, boolean html) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String heading = "";
        for (Throwable e = error; e != null && seen.add(e); e = e.getCause()) {
            String title = heading + e;
            out.append(html ? "<b>" + Html.escape(title) + "</b>" : title).append('\n');
            for (StackTraceElement frame : e.getStackTrace()) {
                String line = "    at " + frame;
                if (html) {
                    out.append("<span class=\"")
                            .append(kind(frame.getClassName()))
                            .append("\">")
                            .append(Html.escape(line))
                            .append("</span>\n");
                } else {
                    out.append(kind(frame.getClassName()).equals("app") ? "  > " : "    ")
                            .append(line.strip())
                            .append('\n');
                }
            }
            heading = "Caused by: ";
        }
    }

    /** {@code app}, {@code framework} or {@code container}: how a stack frame is shown. */
    static String kind(String className) {
        for (String prefix : FRAMEWORK) {
            if (className.startsWith(prefix)) {
                return "framework";
            }
        }
        for (String prefix : CONTAINER) {
            if (className.startsWith(prefix)) {
                return "container";
            }
        }
        return "app";
    }

    private static String requestLine(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query) + " "
                + request.getProtocol();
    }

    private static String headerValue(HttpServletRequest request, String name) {
        return MASKED.contains(name.toLowerCase(Locale.ROOT))
                ? "(masked)"
                : String.join(", ", Collections.list(request.getHeaders(name)));
    }
}
