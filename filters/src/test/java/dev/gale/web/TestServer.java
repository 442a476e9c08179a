package dev.gale.web;

import jakarta.servlet.ServletContainerInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty server on a free port with one servlet context that Gale is mounted into through
 * {@link GaleInitializer}, and an HTTP client that does not follow redirects.
 */
public final class TestServer implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Server server;
    private final ServletContextHandler context;
    private final String contextPath;
    private final String host;
    private final Exception startFailure;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    private TestServer(Builder builder) {
        this.contextPath = builder.contextPath;
        this.host = builder.host;
        this.server = builder.maxThreads > 0 ? new Server(new QueuedThreadPool(builder.maxThreads)) : new Server();
        HttpConfiguration http = new HttpConfiguration();
        if (builder.uriCompliance != null) {
            http.setUriCompliance(builder.uriCompliance);
        }
        ServerConnector connector = builder.http2
                ? new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http))
                : new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(0);
        connector.setHost(builder.host);
        server.addConnector(connector);
        this.context = new ServletContextHandler();
        context.setContextPath(builder.contextPath);
        if (builder.classLoader != null) {
            context.setClassLoader(builder.classLoader);
        }
        builder.initParameters.forEach(context::setInitParameter);
        context.addServletContainerInitializer(builder.initializer);
        // The server starts first and the context is deployed into it afterwards, as a container deploys a web
        // application: a context that fails to start leaves the server up, so tests can see what clients get.
        ContextHandlerCollection contexts = new ContextHandlerCollection(true);
        server.setHandler(contexts);
        try {
            server.start();
        } catch (Exception e) {
            IllegalStateException failure = new IllegalStateException("The test server did not start", e);
            try {
                server.stop();
            } catch (Exception stop) {
                failure.addSuppressed(stop);
            }
            throw failure;
        }
        Exception failure = null;
        try {
            contexts.addHandler(context);
            if (!context.isStarted()) {
                context.start();
            }
        } catch (Exception e) {
            failure = e;
        }
        this.startFailure = failure;
    }

    /** Serves {@code application} at the root context. */
    public static TestServer start(Application application) {
        return builder().application(application).startOrThrow();
    }

    /** Serves {@code application} at {@code contextPath}, such as {@code /app}. */
    public static TestServer start(Application application, String contextPath) {
        return builder().application(application).contextPath(contextPath).startOrThrow();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What starting the servlet context threw, or null when it started. */
    public Exception startFailure() {
        return startFailure;
    }

    /** Whether the servlet context started and is serving. */
    public boolean contextAvailable() {
        return context.isStarted() && context.isAvailable();
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public String contextPath() {
        return contextPath;
    }

    /** The address the server listens on, such as {@code 127.0.0.1} or {@code ::1}. */
    public String host() {
        return host;
    }

    /** The absolute URI of {@code path} under the context path. */
    public URI uri(String path) {
        String prefix = contextPath.equals("/") ? "" : contextPath;
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + authority + ":" + port() + prefix + path);
    }

    public HttpClient client() {
        return client;
    }

    /** A request builder for {@code path} under the context path. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** POSTs {@code formBody} as {@code application/x-www-form-urlencoded}. */
    public HttpResponse<String> post(String path, String formBody) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody, StandardCharsets.UTF_8))
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + request.uri(), e);
        }
    }

    /**
     * Sends {@code target} (path and query as written, context path included, no checks) in a raw HTTP/1.1 GET
     * request and returns the whole response, head and body, as text: for input HttpClient refuses to send.
     */
    public String rawGet(String target) {
        return rawRequest("GET", target);
    }

    /** As {@link #rawGet(String)} with another method, such as HEAD, to see every byte the server sends. */
    public String rawRequest(String method, String target) {
        try (Socket socket = new Socket(host, port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code on the first line of a raw response. */
    public static int rawStatus(String rawResponse) {
        String[] statusLine = rawResponse.split("\r\n", 2)[0].split(" ");
        if (statusLine.length < 2) {
            throw new AssertionError("Not an HTTP response: " + rawResponse);
        }
        return Integer.parseInt(statusLine[1]);
    }

    /** The body of a raw response with a Content-Length. */
    public static String rawBody(String rawResponse) {
        int end = rawResponse.indexOf("\r\n\r\n");
        return end < 0 ? "" : rawResponse.substring(end + 4);
    }

    /**
     * Stops the context, then the server; a failure to stop is an {@link IllegalStateException}. The context is
     * stopped by name: deployed into the running server, it is not one the server stops by itself.
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

    /** Configures a server before it starts. */
    public static final class Builder {
        private String contextPath = "/";
        private String host = "127.0.0.1";
        private UriCompliance uriCompliance;
        private boolean http2;
        private int maxThreads;
        private ClassLoader classLoader;
        private ServletContainerInitializer initializer;
        private final Map<String, String> initParameters = new LinkedHashMap<>();

        private Builder() {}

        public Builder application(Application application) {
            this.initializer = new GaleInitializer(application);
            return this;
        }

        /** Mounts Gale with this initializer, such as the no-argument {@code new GaleInitializer()}. */
        public Builder initializer(ServletContainerInitializer initializer) {
            this.initializer = initializer;
            return this;
        }

        /** The address to listen on: {@code 127.0.0.1} unless set, such as {@code ::1} for IPv6 clients. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder contextPath(String contextPath) {
            this.contextPath = contextPath;
            return this;
        }

        /**
         * Lets Jetty pass URIs it would otherwise reject itself, such as malformed percent-encoding, through to the
         * application, as a more lenient container would.
         */
        public Builder uriCompliance(UriCompliance uriCompliance) {
            this.uriCompliance = uriCompliance;
            return this;
        }

        /** Also speaks cleartext HTTP/2 (h2c), by upgrade or with prior knowledge. */
        public Builder http2() {
            this.http2 = true;
            return this;
        }

        /** At most {@code maxThreads} threads in the server's pool, acceptors and selectors included. */
        public Builder maxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
            return this;
        }

        /** The class loader of the servlet context; by default the context has none of its own. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        public Builder initParameter(String name, String value) {
            initParameters.put(name, value);
            return this;
        }

        /** Starts the server and the context, keeping a context start failure for {@link TestServer#startFailure()}. */
        public TestServer start() {
            if (initializer == null) {
                throw new IllegalStateException("No application or initializer");
            }
            return new TestServer(this);
        }

        /** Starts the server and fails when it or its context did not start. */
        public TestServer startOrThrow() {
            TestServer server = start();
            if (server.startFailure != null || !server.contextAvailable()) {
                server.close();
                throw new IllegalStateException("The test server did not start", server.startFailure);
            }
            return server;
        }
    }
}
