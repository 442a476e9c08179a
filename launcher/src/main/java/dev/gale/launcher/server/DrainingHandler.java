package dev.gale.launcher.server;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Counts requests in flight so a stop can wait for them, and keeps serving while it drains: once shutdown starts,
 * every response (those already in flight included) carries {@code Connection: close}, so keep-alive clients move
 * to another process instead of getting a 503, as Jetty's {@code GracefulHandler} would answer. A connection that
 * carries no request stays open until it has been quiet for a grace period, so a request its client sent meanwhile
 * is answered too (with {@code Connection: close}); then it is closed. The future {@link #drain} returns completes
 * when no request is in flight and no watched connection is open.
 */
final class DrainingHandler extends Handler.Wrapper implements Graceful {
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder served = new LongAdder();
    /** The connections whose request has not completed yet, response bytes included. */
    private final Set<EndPoint> busy = ConcurrentHashMap.newKeySet();
    /**
     * The watched connector's open connections, as their own events say: the connector forgets a closed end point
     * only after announcing the close, so its own list can still hold the last one when that close is seen.
     */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** The connector whose connections {@link #open} follows; null when none is watched. */
    private volatile Connector watched;

    private volatile long graceMillis;
    private final Shutdown shutdown = new Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return inFlight.get() == 0 && open.isEmpty() && noneAcceptedUnopened();
        }
    };

    DrainingHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        inFlight.incrementAndGet();
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        busy.add(endPoint);
        Request.addCompletionListener(request, failure -> {
            busy.remove(endPoint);
            if (shutdown.isShutdown()) {
                closeWhenQuiet(endPoint);
            }
        });
        Callback counted = Callback.from(callback, this::finished);
        try {
            if (super.handle(request, new ClosingWhenDraining(request, response), counted)) {
                return true;
            }
        } catch (Throwable failure) {
            finished();
            throw failure;
        }
        finished();
        return false;
    }

    private void finished() {
        served.increment();
        if (inFlight.decrementAndGet() == 0) {
            shutdown.check();
        }
    }

    /**
     * Whether the watched connector holds no open end point, such as one accepted just before the listener closed
     * and not yet announced as opened, whose request is on its way: stopping then would close it unanswered. An end
     * point whose close was announced but that the connector has not forgotten yet is closed, so it counts as gone.
     */
    private boolean noneAcceptedUnopened() {
        Connector connector = watched;
        return connector == null || connector.getConnectedEndPoints().stream().noneMatch(EndPoint::isOpen);
    }

    /** Follows the connections of {@code connector}, which {@link #drain} waits for and closes when quiet. */
    void watch(Connector connector) {
        watched = connector;
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                open.add(connection);
                if (shutdown.isShutdown()) {
                    closeWhenQuiet(connection.getEndPoint());
                }
            }

            @Override
            public void onClosed(Connection connection) {
                open.remove(connection);
                shutdown.check();
            }
        });
    }

    /**
     * Starts draining: from now on responses say {@code Connection: close}, and a watched connection that carries no
     * request is closed once it has been quiet (no byte either way) for {@code grace} milliseconds. A connection that
     * just answered is left alone: its client may have sent the next request already, and closing under it would
     * lose that request. Those with a request keep their normal idle timeout, so a slow upload is bounded by the
     * caller's wait alone, and close after their response.
     *
     * @return completes when no request is in flight and no watched connection is open
     */
    CompletableFuture<Void> drain(long grace) {
        graceMillis = grace;
        CompletableFuture<Void> drained = shutdown.shutdown();
        open.forEach(connection -> closeWhenQuiet(connection.getEndPoint()));
        return drained;
    }

    /** Closes {@code endPoint} if it carries no request and its grace is over, or looks again when it will be. */
    private void closeWhenQuiet(EndPoint endPoint) {
        if (busy.contains(endPoint) || !endPoint.isOpen() || !isRunning()) {
            return;
        }
        long grace = graceMillis;
        long quiet = endPoint instanceof IdleTimeout timeout ? timeout.getIdleFor() : grace;
        if (quiet >= grace) {
            endPoint.close();
        } else {
            getServer().getScheduler().schedule(() -> closeWhenQuiet(endPoint), grace - quiet, TimeUnit.MILLISECONDS);
        }
    }

    long inFlight() {
        return inFlight.get();
    }

    long served() {
        return served.sum();
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return shutdown.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }

    /** Adds {@code Connection: close} to a response committed while the server drains. */
    private final class ClosingWhenDraining extends Response.Wrapper {
        ClosingWhenDraining(Request request, Response response) {
            super(request, response);
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (shutdown.isShutdown() && !isCommitted()) {
                getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            super.write(last, content, callback);
        }
    }
}
