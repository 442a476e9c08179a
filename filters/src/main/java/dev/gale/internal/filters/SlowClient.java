package dev.gale.internal.filters;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The pace a client must keep while it sends a body or reads a response that Gale moves without a thread: after a
 * grace period of {@value #GRACE_SECONDS} seconds, at least {@value #MINIMUM_RATE} bytes a second on average. A
 * client that sends or reads nothing at all is cut by the container's idle timeout instead. Either way the log gets
 * one line at WARN.
 */
public final class SlowClient {
    static final long GRACE_SECONDS = 10;
    static final long MINIMUM_RATE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger("gale.general");

    private final long startNanos = System.nanoTime();

    /** Whether {@code bytes} moved so far are too few for the time taken. */
    public boolean tooSlow(long bytes) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        return seconds >= GRACE_SECONDS && bytes < seconds * MINIMUM_RATE;
    }

    /**
     * One line for a client whose connection is closed: at WARN when Gale cut it for its pace ({@code cause} null) or
     * the container for its silence (a timeout), at DEBUG when the client left on its own.
     */
    public void logCut(HttpServletRequest request, String what, long bytes, Throwable cause) {
        boolean cut = cause == null || isTimeout(cause);
        if (!(cut ? LOG.isWarnEnabled() : LOG.isDebugEnabled())) {
            return;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        String reason = cause == null ? "below " + MINIMUM_RATE + " bytes/s" : describe(cause);
        LOG.atLevel(cut ? Level.WARN : Level.DEBUG)
                .log(
                        "Closed {} {} from {}: {} {} bytes in {} ms ({})",
                        request.getMethod(),
                        request.getRequestURI(),
                        request.getRemoteAddr(),
                        what,
                        bytes,
                        millis,
                        reason);
    }

    /** Whether {@code failure} is the container's idle timeout, by the name of the exception or one of its causes. */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable e = failure; e != null && e.getCause() != e; e = e.getCause()) {
            if (e.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
    }
}
