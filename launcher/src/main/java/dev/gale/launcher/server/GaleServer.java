package dev.gale.launcher.server;

import dev.gale.internal.filters.ContainerDuties;
import dev.gale.internal.filters.ForwardedRule;
import dev.gale.launcher.options.StartupException;
import dev.gale.web.GaleInitializer;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Jetty: the public connector, an admin connector on loopback, and a servlet context booted by
 * {@link GaleInitializer} as {@code Gale.mount} does: one at {@code /} for the application, and one at each prefix
 * where it mounts another. {@link #stop()} is graceful: {@code /_gale/ready} answers 503 at once, the server serves on
 * for {@code --drain_delay}, then the listener closes, requests in flight finish within {@code --shutdown_timeout},
 * and what is left is cut.
 */
public final class GaleServer {
    private static final Logger LOG = LoggerFactory.getLogger("gale.general");
    private static final ClientWatch CLIENT_WATCH = new ClientWatch();

    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector admin;
    private final DrainingHandler draining;
    private final Readiness readiness = new Readiness();
    private final Duration drainDelay;
    private final String address;
    private final QueuedThreadPool threads;
    private final long stopTimeoutMillis;
    /**
     * How long a stopping server keeps a kept-alive connection that carries no request open after its last byte:
     * the shutdown timeout, or the idle timeout when shorter, since a client must already expect a close after that
     * much quiet. A client that sends its next request within it, however slow it is to do so, is answered (with
     * {@code Connection: close}) instead of losing the request to a close that crosses it on the wire. Under
     * autoreload it is 0: a browser sends a request again when a quiet connection closes under it, and its next
     * request should reach the new code, not the process being replaced.
     */
    private final long idleGraceMillis;

    public GaleServer(ServerConfig config, WebApp app) {
        this.address = config.address();
        Optional<ForwardedRule> xheaders = config.xheaders();
        threads = new QueuedThreadPool();
        threads.setName("gale");
        threads.setMaxThreads(config.maxThreads());
        if (config.virtualThreads()) {
            threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("gale-virtual"));
        }
        server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(config.maxHeaderSize());
        xheaders.ifPresent(rule -> http.addCustomizer(new TrustedProxyCustomizer(rule)));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.isEmpty() ? null : address);
        connector.setPort(config.port());
        connector.setReusePort(config.reusePort());
        connector.setAcceptQueueSize(config.backlog());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        server.addConnector(connector);

        HttpConfiguration adminHttp = new HttpConfiguration();
        adminHttp.setSendServerVersion(false);
        admin = new ServerConnector(server, 1, 1, new HttpConnectionFactory(adminHttp));
        admin.setHost("127.0.0.1");
        admin.setPort(0);
        server.addConnector(admin);

        ServletContextHandler root = context(ServletContexts.gale("/", new GaleInitializer()), config, app);
        if (!config.application().isEmpty()) {
            root.setInitParameter(GaleInitializer.APPLICATION_PARAMETER, config.application());
        }
        root.setAttribute(ContainerDuties.MOUNTS, true);
        ContextHandlerCollection contexts = new ContextHandlerCollection(root);
        app.mounts(config.application())
                .forEach((prefix, mounted) -> contexts.addHandler(
                        context(ServletContexts.gale(prefix, new GaleInitializer(mounted)), config, app)));
        server.setRequestLog(new AccessLog(admin));
        server.setErrorHandler(new PlainErrorHandler());
        draining = new DrainingHandler(contexts);
        draining.watch(connector);
        server.setHandler(new AdminHandler(draining, readiness, admin, config.port()));
        drainDelay = config.drainDelay();
        stopTimeoutMillis = config.shutdownTimeout().toMillis();
        idleGraceMillis = config.autoreload()
                ? 0
                : Math.min(stopTimeoutMillis, config.idleTimeout().toMillis());
        server.setStopAtShutdown(false);
    }

    /**
     * {@code context} with the web application's files and classes and the command line's settings; the connector
     * does the work of the forwarded headers and access log filters.
     */
    private static ServletContextHandler context(ServletContextHandler context, ServerConfig config, WebApp app) {
        app.root()
                .ifPresent(root ->
                        context.setBaseResource(ResourceFactory.of(context).newResource(root)));
        context.setClassLoader(app.classLoader());
        config.applicationSettings().forEach(context::setInitParameter);
        if (config.xheaders().isPresent()) {
            context.setAttribute(ContainerDuties.FORWARDED_HEADERS, true);
        }
        context.setAttribute(ContainerDuties.ACCESS_LOG, true);
        context.setAttribute(ContainerDuties.CLIENT_WATCH, CLIENT_WATCH);
        return context;
    }

    /**
     * Binds the port, then starts the application.
     *
     * @throws StartupException when the port is taken or the application fails to start
     */
    public void start() throws StartupException {
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
        if (!server.isStarted()
                || !server.getContainedBeans(ServletContextHandler.class).stream()
                        .allMatch(ServletContextHandler::isAvailable)) {
            stopQuietly();
            throw new StartupException(StartupException.FAILURE, "the application failed to start (see the log above)");
        }
    }

    /**
     * Makes {@code /_gale/ready} answer 503 while the server keeps serving: the first step of a stop, taken alone when
     * the supervisor withdraws its whole group before stopping it.
     */
    public void withdrawReadiness() {
        if (!readiness.withdrawn()) {
            readiness.withdraw();
            LOG.info("Not ready: /_gale/ready answers 503 while the server keeps serving");
        }
    }

    /**
     * Ends the drain delay of a stop that is waiting in it, so the stop goes on to drain at once (a second SIGTERM or
     * SIGINT); requests in flight still get the shutdown timeout.
     *
     * @return false when the stop is already past its delay
     */
    public boolean endDrainDelay() {
        readiness.endDelay();
        return !draining.isShutdown();
    }

    /**
     * Stops gracefully: {@code /_gale/ready} answers 503 and the server serves as before for the drain delay (so a
     * balancer that checks it stops sending first; {@link #endDrainDelay} cuts it short), then stop accepting, let
     * requests in flight finish within the shutdown timeout (answering those that arrive on open connections meanwhile
     * with {@code Connection: close}), close a connection that carries no request once it has been quiet for
     * {@link #idleGraceMillis}, and stop only when no connection is left, so no request can arrive while the
     * application stops. Logs how many requests were cut at the timeout, if any.
     */
    public void stop() {
        stop(true);
    }

    /**
     * Stops as one process of a group that a rolling restart replaces: as {@link #stop()}, with no drain delay and
     * with {@code /_gale/ready} still answering 200 on the connections it finishes, since the group still serves the
     * port and a 503 would make a balancer take the whole group out. The supervisor withdraws the readiness itself
     * when the whole group stops.
     */
    public void stopAsReplaced() {
        stop(false);
    }

    private synchronized void stop(boolean withdraw) {
        if (!server.isRunning()) {
            return;
        }
        if (withdraw) {
            readiness.withdraw();
        }
        if (withdraw && !drainDelay.isZero()) {
            LOG.info(
                    "Stopping: /_gale/ready answers 503; serving {} ms more before the listener closes",
                    drainDelay.toMillis());
            try {
                readiness.awaitDelay(drainDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(stopTimeoutMillis);
        // Not Jetty's connector shutdown, which closes each connection after its current response even when that
        // response promised to keep it open, so a client that sent its next request at that moment loses it.
        // Here every response from now on says Connection: close, and the others stay usable until they do.
        CompletableFuture<Void> drained = draining.drain(idleGraceMillis);
        connector.setAccepting(false);
        connector.close();
        LOG.info("Stopping: {} requests in flight", draining.inFlight());
        try {
            drained.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the shutdown timeout is over: what is still in flight is cut below
        } catch (ExecutionException e) {
            LOG.warn("Draining failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long cut = draining.inFlight();
        try {
            server.setStopTimeout(0);
            threads.setStopTimeout(1000);
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping failed: {}", e.toString());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (cut > 0) {
            LOG.warn("Stopped after {} ms; cut {} requests still in flight at the shutdown timeout", millis, cut);
        } else {
            LOG.info("Stopped after {} ms; every request finished", millis);
        }
    }

    /** The URL a browser on this machine can use. */
    public String url() {
        String host = address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") ? "localhost" : address;
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + connector.getLocalPort() + "/";
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The loopback port of {@code /_gale/status}. */
    public int adminPort() {
        return admin.getLocalPort();
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
            server.setStopTimeout(0);
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
