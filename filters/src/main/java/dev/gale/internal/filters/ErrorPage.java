package dev.gale.internal.filters;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Gale's error page, {@code <html><title>404: Not Found</title><body>404: Not Found</body></html>}: the one page
 * handlers, static files, filters and the launcher's Jetty answer an error with.
 */
public final class ErrorPage {
    /** The type of every page written here. */
    public static final String HTML = "text/html; charset=utf-8";

    private ErrorPage() {}

    /** The page for {@code status} with {@code message} (escaped) in its title and body. */
    public static String html(int status, String message) {
        return html(status, message, "");
    }

    /** As {@link #html(int, String)}, naming the request whose trace the log holds. */
    public static String html(int status, String message, String requestId) {
        String text = status + ": " + Html.escape(message);
        String id = requestId.isEmpty() ? "" : "<p>Request id: " + requestId + "</p>";
        return "<html><title>" + text + "</title><body>" + text + id + "</body></html>";
    }

    /** Answers {@code status} with the page, the body left out for a HEAD request. */
    public static void send(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        response.setStatus(status);
        write(request, response, HTML, html(status, message));
    }

    /** Writes {@code page} as the whole body, with its type and length; the body is left out for a HEAD request. */
    public static void write(HttpServletRequest request, HttpServletResponse response, String contentType, String page)
            throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }
}
