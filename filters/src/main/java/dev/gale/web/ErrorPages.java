package dev.gale.web;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The default error page bodies. */
final class ErrorPages {
    private ErrorPages() {}

    /** {@code <html><title>404: Not Found</title><body>404: Not Found</body></html>}, the message escaped. */
    static String html(int status, String message) {
        String text = status + ": " + escape(message);
        return "<html><title>" + text + "</title><body>" + text + "</body></html>";
    }

    static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
