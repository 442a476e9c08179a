package dev.gale.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;

/**
 * Boots the application through {@link GaleInitializer} where the container ran no initializer: jetty-home runs
 * {@code ServletContainerInitializer}s only with its {@code ee10-annotations} module, but always reads the
 * {@code META-INF/web-fragment.xml} that declares this listener. Where the initializer already ran (Tomcat, Jetty
 * with annotations, the launcher), it does nothing, so the application starts once.
 */
public final class GaleContextListener implements ServletContextListener {
    /** The application this listener started, stopped with the context; null where the initializer started it. */
    private volatile Application started;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (GaleInitializer.ranIn(event.getServletContext())) {
            return;
        }
        try {
            started = new GaleInitializer().boot(event.getServletContext());
        } catch (ServletException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs the application's stop hooks and closes its services, when this listener started it. */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Application application = started;
        if (application != null) {
            application.stop();
        }
    }
}
