package example.app;

import dev.gale.web.RequestHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An application outside Gale's packages, so its stack frames count as the application's: handlers, a filter and a
 * servlet that fail in the ways the debug pages must show.
 */
public final class DebugHandlers {
    /** The message of {@link Crash}'s exception: markup and quotes the page must escape. */
    public static final String MESSAGE = "outer <b>message</b> & \"quoted\"";
    /** The message of its cause. */
    public static final String CAUSE = "inner <i>cause</i>";

    private DebugHandlers() {}

    /** Fails with an exception that has a cause, two calls deep in application code. */
    public static final class Crash extends RequestHandler {
        @Override
        protected void get() {
            loadAccount();
        }

        private static void loadAccount() {
            try {
                readDisk();
            } catch (UncheckedIOException e) {
                throw new IllegalStateException(MESSAGE, e);
            }
        }

        private static void readDisk() {
            throw new UncheckedIOException(new IOException(CAUSE));
        }
    }

    /** Sends part of the body, then fails: the status line and the part are already on the wire. */
    public static final class FlushThenCrash extends RequestHandler {
        @Override
        protected void get() {
            write("flushed part;");
            flush();
            throw new IllegalStateException("failed after the flush");
        }
    }

    /** Renders its own error pages, for HTTP errors and unexpected exceptions alike. */
    public static final class OwnErrorPage extends RequestHandler {
        @Override
        protected void get() {
            throw new IllegalArgumentException("never shown");
        }

        @Override
        protected void writeError(int status, Throwable cause) {
            setHeader("Content-Type", "text/plain; charset=UTF-8");
            write("own page " + status + " for "
                    + (cause == null ? "nothing" : cause.getClass().getSimpleName()));
        }
    }

    /** A filter of the application's own, mapped beside Gale, that fails before anything is written. */
    public static final class ThrowingFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            throw new IllegalStateException("filter <broke> " + ((HttpServletRequest) request).getRequestURI());
        }
    }

    /**
     * A servlet of the application's own: {@code /servlet/wrapped} writes through the writer and fails with a
     * {@link ServletException} around a cause, {@code /servlet/flushed} sends part of its body first.
     */
    public static final class ThrowingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            if (request.getRequestURI().endsWith("/flushed")) {
                response.setContentType("text/plain");
                response.getOutputStream()
                        .write("servlet flushed part;".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                response.flushBuffer();
                throw new IllegalStateException("servlet failed after the flush");
            }
            response.setContentType("text/plain");
            response.getWriter().write("buffered junk that must not show");
            throw new ServletException("servlet gave up", new IOException("servlet <cause>"));
        }
    }
}
