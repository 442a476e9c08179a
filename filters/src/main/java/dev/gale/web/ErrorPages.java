package dev.gale.web;

/** The default error page bodies. */
final class ErrorPages {
    private ErrorPages() {}

    /** {@code <html><title>404: Not Found</title><body>404: Not Found</body></html>}, the message escaped. */
    static String html(int status, String message) {
        String text = status + ": " + Escape.html(message);
        return "<html><title>" + text + "</title><body>" + text + "</body></html>";
    }
}
