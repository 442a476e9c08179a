package dev.gale.web;

import dev.gale.internal.filters.ErrorPage;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Dispatches every request of the context to a new handler of the first matching route. Mapped at {@code /*}; it
 * is asynchronous-capable so handlers can {@link RequestHandler#finishAfter finish later}.
 *
 * <p>Two requests never reach a route. The context root without its slash ({@code /webapp}) is redirected to
 * {@code /webapp/}, as Jetty does before the servlet sees it; Tomcat hands it over with an empty path, which no
 * route could match. And an error the container raised itself (a path under {@code WEB-INF/}, say) arrives as an
 * error dispatch through the error page that {@code META-INF/web-fragment.xml} declares, and gets Gale's plain error
 * page instead of one naming the container.
 */
final class DispatchServlet extends HttpServlet {
    private final transient Application application;

    DispatchServlet(Application application) {
        this.application = application;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            writeContainerError(request, response);
            return;
        }
        String path = pathOf(request);
        if (path.isEmpty()) {
            redirectToContextRoot(request, response);
            return;
        }
        application.dispatch(
                path,
                (route, matcher) -> new RequestCycle(
                                newHandler(route), application, route, path, matcher, request, response)
                        .run());
    }

    /** A new handler; when its constructor fails, one that sends the failure down the usual error path. */
    private static RequestHandler newHandler(CompiledRoute route) {
        try {
            return route.newHandler();
        } catch (RuntimeException e) {
            return new FailedHandler(e);
        }
    }

    /** The request path under the context path, not decoded, as Tornado matches routes. */
    static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int contextLength = request.getContextPath().length();
        return contextLength == 0 ? uri : uri.substring(contextLength);
    }

    private static void redirectToContextRoot(HttpServletRequest request, HttpServletResponse response) {
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", request.getContextPath() + "/" + query);
        response.setContentLength(0);
    }

    private static void writeContainerError(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? code
                : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        ErrorPage.send(request, response, status, HttpStatus.reason(status));
    }
}
