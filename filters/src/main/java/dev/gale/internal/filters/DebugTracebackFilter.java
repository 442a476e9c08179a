package dev.gale.internal.filters;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception that escapes everything below it (a filter, the static servlet, the container's multipart
 * parsing) into Gale's 500 page instead of the container's: the {@link ErrorReport} debug page with
 * {@code serve_traceback}, else a page with a request id whose trace is in the log. Handlers' own errors never get
 * here; {@code RequestHandler} answers them the same way. A response already started is left to close as it is,
 * never followed by a trace.
 */
public final class DebugTracebackFilter extends HttpFilter {
    private static final Logger LOG = LoggerFactory.getLogger("gale.application");

    private final boolean serveTraceback;

    public DebugTracebackFilter(boolean serveTraceback) {
        this.serveTraceback = serveTraceback;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (ClientAbort.is(e)) {
                ClientAbort.record(request, e);
                return;
            }
            String id = ErrorReport.newRequestId();
            LOG.error("Uncaught exception {} {} (request {})", request.getMethod(), request.getRequestURI(), id, e);
            if (response.isCommitted()) {
                throw e;
            }
            ErrorReport.Page page = ErrorReport.page(500, "Internal Server Error", e, request, id, serveTraceback);
            response.reset();
            response.setStatus(500);
            ErrorPage.write(request, response, page.contentType(), page.text());
        }
    }
}
