package dev.gale.internal.filters;

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

    private ContainerDuties() {}
}
