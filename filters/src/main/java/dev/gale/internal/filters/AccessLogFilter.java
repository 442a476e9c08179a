package dev.gale.internal.filters;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code gale.access} logger, as Tornado's: {@code 200 GET /path?q (1.2.3.4) 0.52ms},
 * written when the response is complete (for an asynchronous request, when it completes), and for the error page a
 * container shows for a request it refused before the application (under the original URI). Successes and redirects
 * at INFO, client errors at WARN, server errors at ERROR.
 */
public final class AccessLogFilter extends HttpFilter {
    private static final Logger LOG = LoggerFactory.getLogger("gale.access");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new LogOnComplete(start));
            } else {
                log(ClientAbort.loggedStatus(request, response.getStatus()), request, start);
            }
        }
    }

    private static void log(int status, HttpServletRequest request, long startNanos) {
        if (!isLogged(status)) {
            return;
        }
        boolean error = request.getDispatcherType() == DispatcherType.ERROR;
        Object uri = error ? request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) : request.getRequestURI();
        String line = appendMessage(
                        new StringBuilder(96),
                        status,
                        request.getMethod(),
                        String.valueOf(uri),
                        error ? null : request.getQueryString(),
                        request.getRemoteAddr(),
                        System.nanoTime() - startNanos)
                .toString();
        if (status < 400) {
            LOG.info(line);
        } else if (status < 500) {
            LOG.warn(line);
        } else {
            LOG.error(line);
        }
    }

    /**
     * Appends the message of a request's line, {@code 200 GET /path?q (1.2.3.4) 0.52ms}; {@code path} is as the
     * client sent it, not decoded, and {@code query} is null when there is none. A container that writes its access
     * log itself, as the launcher does, uses this for the same lines.
     */
    public static StringBuilder appendMessage(
            StringBuilder line,
            int status,
            String method,
            String path,
            String query,
            String remoteAddress,
            long elapsedNanos) {
        long micros = elapsedNanos / 1000;
        line.append(status).append(' ').append(method).append(' ').append(path);
        if (query != null) {
            line.append('?').append(query);
        }
        line.append(" (")
                .append(remoteAddress)
                .append(") ")
                .append(micros / 1000)
                .append('.');
        long hundredths = micros % 1000 / 10;
        if (hundredths < 10) {
            line.append('0');
        }
        return line.append(hundredths).append("ms");
    }

    /** Whether a response with {@code status} gets a line at the {@code gale.access} logger's level. */
    public static boolean isLogged(int status) {
        return status < 400 ? LOG.isInfoEnabled() : status < 500 ? LOG.isWarnEnabled() : LOG.isErrorEnabled();
    }

    /** Logs an asynchronous request when it completes. */
    private static final class LogOnComplete implements AsyncListener {
        private final long start;

        LogOnComplete(long start) {
            this.start = start;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            HttpServletRequest request = (HttpServletRequest) event.getSuppliedRequest();
            log(
                    ClientAbort.loggedStatus(request, ((HttpServletResponse) event.getSuppliedResponse()).getStatus()),
                    request,
                    start);
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        /** A request started anew, after its body was read ahead, drops its listeners unless they come back. */
        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
