package dev.gale.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Dispatches every request of the context to a new handler of the first matching route. Mapped at {@code /*}; it
 * is asynchronous-capable so handlers can {@link RequestHandler#finishAfter finish later}.
 *
 * <p>The context root without its slash ({@code /webapp}) never reaches a route: it is redirected to
 * {@code /webapp/}, as Jetty does before the servlet sees it; Tomcat hands it over with an empty path, which no
 * route could match.
 */
final class DispatchServlet extends HttpServlet {
    private final transient Application application;

    DispatchServlet(Application application) {
        this.application = application;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        long start = System.nanoTime();
        String path = pathOf(request);
        if (path.isEmpty()) {
            redirectToContextRoot(request, response, start);
            return;
        }
        application.dispatch(path, (route, matcher) -> route.newHandler()
                .execute(application, route, matcher, request, response, start));
    }

    /** The request path under the context path, not decoded, as Tornado matches routes. */
    static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int contextLength = request.getContextPath().length();
        return contextLength == 0 ? uri : uri.substring(contextLength);
    }

    private static void redirectToContextRoot(HttpServletRequest request, HttpServletResponse response, long start) {
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
        response.setHeader("Location", request.getContextPath() + "/" + query);
        response.setContentLength(0);
        AccessLog.log(HttpServletResponse.SC_MOVED_PERMANENTLY, request.getMethod(), request.getRequestURI() + query,
                request.getRemoteAddr(), start);
    }
}
