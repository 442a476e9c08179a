package dev.gale.launcher.server;

import dev.gale.web.GaleInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** The servlet context a Gale application runs in, in the launcher's server and in a server of one's own alike. */
public final class ServletContexts {
    private ServletContexts() {}

    /**
     * A servlet context at {@code contextPath} that {@code initializer} boots, with plain error pages.
     *
     * @throws IllegalArgumentException when the context path is not {@code /} or a path such as {@code /app}
     */
    public static ServletContextHandler gale(String contextPath, GaleInitializer initializer) {
        boolean valid = contextPath != null
                && contextPath.startsWith("/")
                && (contextPath.length() == 1 || !contextPath.endsWith("/"));
        if (!valid) {
            throw new IllegalArgumentException(
                    "Context path " + contextPath + " must be / or start with / and not end with one, such as /app");
        }
        ServletContextHandler context = new ServletContextHandler(contextPath);
        context.addServletContainerInitializer(initializer);
        context.setErrorHandler(new PlainErrorHandler());
        return context;
    }
}
