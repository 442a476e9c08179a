package dev.gale.launcher;

import dev.gale.filters.ForwardedRule;
import dev.gale.servlet.GaleInitializer;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The embedded Jetty: one connector and one servlet context, booted by {@link GaleInitializer} as {@link Gale} does. */
final class GaleServer {
    private final Server server;
    private final ServerConnector connector;
    private final String address;

    GaleServer(LauncherOptions options, Optional<Path> webroot) {
        this.address = options.address();
        Optional<ForwardedRule> xheaders = options.xheaders();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("gale");
        server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(options.maxHeaderSize());
        xheaders.ifPresent(rule -> http.addCustomizer(new TrustedProxyCustomizer(rule)));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.isEmpty() ? null : address);
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);

        ServletContextHandler context = Gale.context("/", new GaleInitializer());
        webroot.ifPresent(root -> context.setBaseResource(ResourceFactory.of(context).newResource(root)));
        options.applicationSettings().forEach(context::setInitParameter);
        if (xheaders.isPresent()) {
            context.setAttribute(GaleInitializer.FORWARDED_BY_CONTAINER, Boolean.TRUE);
        }
        server.setErrorHandler(new PlainErrorHandler());
        server.setHandler(context);
        server.setStopAtShutdown(true);
    }

    /**
     * Binds the port, then starts the application.
     *
     * @throws StartupException when the port is taken or the application fails to start
     */
    void start() throws StartupException {
        try {
            connector.open();
        } catch (IOException e) {
            throw new StartupException(StartupException.FAILURE, bindFailure(e));
        }
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new StartupException(StartupException.FAILURE, "the application failed to start: " + rootMessage(e));
        }
        if (!server.isStarted() || !server.getContainedBeans(ServletContextHandler.class).stream()
                .allMatch(ServletContextHandler::isAvailable)) {
            stopQuietly();
            throw new StartupException(StartupException.FAILURE, "the application failed to start (see the log above)");
        }
    }

    /** The URL a browser on this machine can use. */
    String url() {
        String host = address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + connector.getLocalPort() + "/";
    }

    /** Stops serving and closes the port. */
    void stop() throws Exception {
        server.stop();
    }

    private String bindFailure(IOException e) {
        String where = (address.isEmpty() ? "" : address + ":") + connector.getPort();
        if (e instanceof BindException || e.getCause() instanceof BindException) {
            return "port " + where + " is already in use; stop the other server or choose another with --port";
        }
        return "cannot listen on " + where + ": " + rootMessage(e);
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing; the caller reports the first error
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
