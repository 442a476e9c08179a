package dev.gale.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Dispatches every request of the context to a new handler of the first matching route. Mapped at {@code /*}; it
 * is asynchronous-capable so handlers can {@link RequestHandler#finishAfter finish later}.
 */
final class DispatchServlet extends HttpServlet {
    private final transient Application application;

    DispatchServlet(Application application) {
        this.application = application;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        application.dispatch(pathOf(request), (route, matcher) -> newHandler(route)
                .execute(application, route, matcher, request, response));
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
}
