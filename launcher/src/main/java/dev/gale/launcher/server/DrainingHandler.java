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
 * carries no request stays open until it has been quiet for a while, so a request its client sent meanwhile is
 * answered too (with {@code Connection: close}); {@link #closeQuiet} closes such connections.
 */
final class DrainingHandler extends Handler.Wrapper implements Graceful {
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder served = new LongAdder();
    /** The connections whose request has not completed yet, response bytes included. */
    private final Set<EndPoint> busy = ConcurrentHashMap.newKeySet();
    /** Notified, once shutdown starts, when a request finishes or a connection closes: a stop waits without polling. */
    private final Object changes = new Object();
    private long changeCount;
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
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        busy.add(endPoint);
        Request.addCompletionListener(request, failure -> busy.remove(endPoint));
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
        if (inFlight.decrementAndGet() == 0 && shutdown.isShutdown()) {
            shutdown.check();
        }
        changed();
    }

    /** Wakes a stop waiting in {@link #awaitChange}; before shutdown nobody waits, so requests take no lock. */
    private void changed() {
        if (!shutdown.isShutdown()) {
            return;
        }
        synchronized (changes) {
            changeCount++;
            changes.notifyAll();
        }
    }

    /** How many requests finished and connections closed since shutdown started, for {@link #awaitChange}. */
    long changeCount() {
        synchronized (changes) {
            return changeCount;
        }
    }

    /** Makes {@link #awaitChange} return when one of {@code connector}'s connections closes. */
    void watch(Connector connector) {
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onClosed(Connection connection) {
                changed();
            }
        });
    }

    /**
     * Waits at most {@code millis} for a request to finish or a watched connection to close, returning at once when
     * one did since {@link #changeCount} returned {@code seen}.
     */
    void awaitChange(long seen, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (changes) {
            for (long left = millis; changeCount == seen && left > 0;
                    left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) {
                changes.wait(left);
            }
        }
    }

    long inFlight() {
        return inFlight.get();
    }

    long served() {
        return served.sum();
    }

    /**
     * Closes the connections of {@code connector} that carry no request and have been quiet (no byte either way)
     * for {@code grace} milliseconds or more. A connection that just answered is left alone: its client may have
     * sent the next request already, and closing under it would lose that request. Those with a request keep their
     * normal idle timeout, so a slow upload is bounded by the shutdown timeout alone, and close after their
     * response, which says {@code Connection: close}.
     *
     * @return the milliseconds until the next idle connection's grace ends, {@link Long#MAX_VALUE} when none is left
     */
    long closeQuiet(Connector connector, long grace) {
        long next = Long.MAX_VALUE;
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (busy.contains(endPoint)) {
                continue;
            }
            long quiet = endPoint instanceof IdleTimeout timeout ? timeout.getIdleFor() : grace;
            if (quiet >= grace) {
                endPoint.close();
            } else {
                next = Math.min(next, grace - quiet);
            }
        }
        return next;
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
