package dev.gale.internal.filters;

import jakarta.servlet.http.HttpServletRequest;
import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that went away before its response was sent: not a server error, so it gets one line at DEBUG rather
 * than a trace, and its access line says {@value #STATUS}, nginx's "client closed request", rather than the status
 * the application chose.
 */
public final class ClientAbort {
    /** The status an access line shows for a response the client did not wait for. */
    public static final int STATUS = 499;
    /** The request attribute that marks a response the client did not wait for. */
    public static final String ATTRIBUTE = "dev.gale.clientClosed";

    private static final Logger LOG = LoggerFactory.getLogger("gale.general");

    private ClientAbort() {}

    /**
     * Whether {@code failure} says the connection to the client is gone: Jetty's {@code EofException}, Tomcat's
     * {@code ClientAbortException}, or a socket reset or broken pipe, anywhere in its causes.
     */
    public static boolean is(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String name = e.getClass().getSimpleName();
            if (e instanceof EOFException || name.equals("EofException") || name.equals("ClientAbortException")) {
                return true;
            }
            String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
            if (e instanceof IOException && (message.contains("broken pipe") || message.contains("connection reset"))) {
                return true;
            }
        }
        return false;
    }

    /** Marks the request's response as cut short by its client, with one line at DEBUG. */
    public static void record(HttpServletRequest request, Throwable failure) {
        request.setAttribute(ATTRIBUTE, true);
        LOG.debug(
                "The client went away during {} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                failure.toString());
    }

    /** The status for the access line: {@value #STATUS} when the client went away, else {@code status}. */
    public static int loggedStatus(HttpServletRequest request, int status) {
        return request.getAttribute(ATTRIBUTE) != null ? STATUS : status;
    }
}
