package dev.gale.internal.filters;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;

/**
 * Servlet context attributes by which a container says it does a filter's work itself, so Gale does not add that
 * filter a second time.
 */
public final class ContainerDuties {
    /** Set when the container's connector already applies {@link ForwardedRule}, as the launcher's Jetty does. */
    public static final String FORWARDED_HEADERS = "dev.gale.forwarded-by-container";

    /**
     * Set when the container writes the access lines itself with {@link AccessLogFilter#appendMessage}, as the
     * launcher's Jetty does once each response is complete.
     */
    public static final String ACCESS_LOG = "dev.gale.access-logged-by-container";

    /**
     * Set when the container serves the applications that the booted one mounts, each in a servlet context of its
     * own at its prefix, as the launcher's Jetty does; elsewhere an application that mounts others is refused.
     */
    public static final String MOUNTS = "dev.gale.mounts-served-by-container";

    /**
     * Set, to a {@code Function<HttpServletRequest, Runnable>}, by a container that would not notice on its own when
     * the client of a waiting request closes its connection, as the launcher's Jetty: applied to a request, it
     * watches the connection and fails the request when the client closes it ({@code AsyncListener.onError}); the
     * {@code Runnable} it returns stops the watch, before the response completes. Tomcat watches by itself.
     */
    public static final String CLIENT_WATCH = "dev.gale.client-watched-by-container";

    private ContainerDuties() {}

    /** Watches the connection of {@code request} while it waits, if the container needs that; returns the stop. */
    @SuppressWarnings("unchecked")
    public static Runnable watchClient(HttpServletRequest request) {
        Object watch = request.getServletContext().getAttribute(CLIENT_WATCH);
        return watch instanceof Function<?, ?> function
                ? ((Function<HttpServletRequest, Runnable>) function).apply(request)
                : ContainerDuties::notWatched;
    }

    private static void notWatched() {}
}
