package dev.gale.test;

import dev.gale.web.Application;
import dev.gale.web.GaleInitializer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * A Gale application served by Jetty 12 in the test's own JVM, on a free port of 127.0.0.1, as a container serves
 * it: through {@link GaleInitializer}, with the project's web root ({@code src/main/webapp} when there is one), so
 * static files, templates and translations are the ones the WAR will carry.
 *
 * <pre>{@code
 * try (GaleTestServer server = GaleTestServer.start(new NotesApp().create())) {
 *     TestClient client = server.client();
 *     assertEquals(200, client.get("/notes/1").statusCode());
 * }
 * }</pre>
 *
 * <p>{@link #start()} serves the application the project lists in
 * {@code META-INF/services/dev.gale.web.ApplicationProvider}, as the WAR would. {@link GaleTest} does the starting
 * and stopping for a JUnit 5 test class.
 */
public final class GaleTestServer implements AutoCloseable {
    /** The web root served when none is given and the working directory has one: Maven's. */
    public static final Path DEFAULT_WEB_ROOT = Path.of("src", "main", "webapp");

    private final Server server;
    private final ServletContextHandler context;
    private final String contextPath;

    private GaleTestServer(Builder builder) {
        this.contextPath = builder.contextPath;
        this.server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        this.context = new ServletContextHandler();
        context.setContextPath(builder.contextPath);
        Path webRoot = builder.webRoot != null ? builder.webRoot : existing(DEFAULT_WEB_ROOT);
        if (webRoot != null) {
            context.setBaseResourceAsPath(webRoot.toAbsolutePath());
        }
        builder.settings.forEach(context::setInitParameter);
        context.addServletContainerInitializer(
                builder.application != null ? new GaleInitializer(builder.application) : new GaleInitializer());
        // The server starts before the context is deployed into it, as a container deploys a web application, so
        // that what the application's start-up threw is at hand to report.
        ContextHandlerCollection contexts = new ContextHandlerCollection(true);
        server.setHandler(contexts);
        try {
            server.start();
            contexts.addHandler(context);
            if (!context.isStarted()) {
                context.start();
            }
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("The application did not start: " + e, e);
            stopAfter(failure);
            throw failure;
        }
        if (!context.isAvailable()) {
            IllegalStateException failure = new IllegalStateException("The application did not start; see the log");
            stopAfter(failure);
            throw failure;
        }
    }

    /** Serves the application the project's {@code META-INF/services} entry names, at the root context. */
    public static GaleTestServer start() {
        return builder().start();
    }

    /** Serves {@code application} at the root context. */
    public static GaleTestServer start(Application application) {
        return builder().application(application).start();
    }

    /** Configures a server before it starts. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on, chosen by the system. */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** The context path, {@code /} unless set. */
    public String contextPath() {
        return contextPath;
    }

    /** The absolute URI of {@code path} (with its query, if any) under the context path. */
    public URI uri(String path) {
        String prefix = contextPath.equals("/") ? "" : contextPath;
        return URI.create("http://127.0.0.1:" + port() + prefix + path);
    }

    /** A new client with a cookie jar of its own: a new browser. */
    public TestClient client() {
        return new TestClient(this);
    }

    /**
     * Stops the application, which runs its stop hooks and closes its services, then the server; a failure to stop is
     * an {@link IllegalStateException}.
     */
    @Override
    public void close() {
        try {
            context.stop();
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The test server did not stop", e);
        }
    }

    private void stopAfter(Exception failure) {
        try {
            server.stop();
        } catch (Exception stop) {
            failure.addSuppressed(stop);
        }
    }

    private static Path existing(Path directory) {
        return Files.isDirectory(directory) ? directory : null;
    }

    /** What to serve, and where. */
    public static final class Builder {
        private Application application;
        private Path webRoot;
        private String contextPath = "/";
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {}

        /** The application to serve; without one, the project's {@code ApplicationProvider} is found. */
        public Builder application(Application application) {
            this.application = application;
            return this;
        }

        /** The directory served as the web application; {@link #DEFAULT_WEB_ROOT} when it exists, else none. */
        public Builder webRoot(Path webRoot) {
            this.webRoot = webRoot;
            return this;
        }

        /** The context path, such as {@code /app}, as a container gives a WAR named {@code app.war}. */
        public Builder contextPath(String contextPath) {
            this.contextPath = contextPath;
            return this;
        }

        /**
         * A setting by its name, such as {@code setting("debug", "true")}, overriding the application's code as a
         * context parameter does in a container.
         */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** Starts the server; an application that does not start is an {@link IllegalStateException} saying why. */
        public GaleTestServer start() {
            return new GaleTestServer(this);
        }
    }
}
