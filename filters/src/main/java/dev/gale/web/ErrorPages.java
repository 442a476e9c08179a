package dev.gale.web;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The default error page bodies. */
final class ErrorPages {
    private ErrorPages() {}

    /** {@code <html><title>404: Not Found</title><body>404: Not Found</body></html>}, the message escaped. */
    static String html(int status, String message) {
        String text = status + ": " + Escape.html(message);
        return "<html><title>" + text + "</title><body>" + text + "</body></html>";
    }

    static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
