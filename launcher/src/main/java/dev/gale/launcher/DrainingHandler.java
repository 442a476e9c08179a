package dev.gale.launcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Counts requests in flight so a stop can wait for them, and keeps serving while it drains, where Jetty's
 * {@code GracefulHandler} would answer 503: once the connector is shut down, Jetty itself closes each connection
 * after its current response, which says {@code Connection: close}, so keep-alive clients move to another process.
 * A connection that carries no request is left open while others are still in flight, so a request sent on it
 * during the drain is answered too; {@link #closeIdle} closes such connections once nothing is in flight.
 */
final class DrainingHandler extends Handler.Wrapper implements Graceful {
    private static final long QUIET_MILLIS = 20;

    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder served = new LongAdder();
    private final Shutdown shutdown = new Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
            return inFlight.get() == 0;
        }
    };

    DrainingHandler(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        inFlight.incrementAndGet();
        try {
            if (super.handle(request, response, Callback.from(callback, this::finished))) {
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
        if (inFlight.decrementAndGet() == 0 && shutdown.isShutdown()) {
            shutdown.check();
        }
    }

    long inFlight() {
        return inFlight.get();
    }

    long served() {
        return served.sum();
    }

    /**
     * Closes the connections of {@code connector} that have been quiet for {@value #QUIET_MILLIS} ms; called once
     * nothing is in flight, when they are idle keep-alive connections. One whose request is still arriving has just
     * read bytes, so it is left to reach the handler and be answered.
     */
    void closeIdle(Connector connector) {
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (!(endPoint instanceof IdleTimeout timed) || timed.getIdleFor() >= QUIET_MILLIS) {
                endPoint.close();
            }
        }
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return shutdown.shutdown();
    }

    @Override
    public boolean isShutdown() {
        return shutdown.isShutdown();
    }
}
