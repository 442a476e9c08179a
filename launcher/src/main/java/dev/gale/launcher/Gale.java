package dev.gale.launcher;

import dev.gale.launcher.server.ServletContexts;
import dev.gale.web.Application;
import dev.gale.web.GaleInitializer;
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
 * {@code gale.NAME} or as environment variables {@code GALE_NAME} override the application's own. An application that
 * mounts others ({@link Application#mounts()}) is refused in one context: mount each application at its own prefix.
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
        return ServletContexts.gale(contextPath, new GaleInitializer(application));
    }
}
