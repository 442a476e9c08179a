package dev.gale.launcher;

import dev.gale.servlet.GaleInitializer;
import dev.gale.web.Application;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * Mounts a Gale application into a Jetty 12 server of your own, beside your other handlers:
 *
 * <pre>{@code
 * Server server = new Server(8080);
 * ContextHandlerCollection contexts = new ContextHandlerCollection();
 * contexts.addHandler(new ContextHandler(new OtherHandler(), "/other"));
 * contexts.addHandler(Gale.mount(application, "/app"));
 * server.setHandler(contexts);
 * server.start();
 * }</pre>
 *
 * The application starts with the server, through the same {@link GaleInitializer} as in the launcher and in a WAR,
 * and its routes are relative to the context path: {@code redirect("/x")} sends {@code /app/x}. Settings given as
 * init parameters of the returned context ({@code setInitParameter("debug", "true")}), as system properties
 * {@code gale.NAME} or as environment variables {@code GALE_NAME} override the application's own.
 */
public final class Gale {
    private Gale() {}

    /**
     * A servlet context serving {@code application} at {@code contextPath}, ready to add to a server's handlers.
     *
     * @param contextPath {@code /} or a path such as {@code /app}, without a trailing slash
     * @throws IllegalArgumentException when the context path is not of that form
     */
    public static ServletContextHandler mount(Application application, String contextPath) {
        if (application == null) {
            throw new IllegalArgumentException("No application to mount");
        }
        return context(contextPath, new GaleInitializer(application));
    }

    /** A servlet context at {@code contextPath} that {@code initializer} boots, with plain error pages. */
    static ServletContextHandler context(String contextPath, GaleInitializer initializer) {
        boolean valid = contextPath != null && contextPath.startsWith("/")
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
