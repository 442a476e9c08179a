package dev.gale.launcher;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.EndPoint;
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
 * carries no request is left open while others are still in flight, so a request sent on it during the drain is
 * answered too; {@link #closeIdle} closes such connections once nothing is in flight.
 */
final class DrainingHandler extends Handler.Wrapper implements Graceful {
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder served = new LongAdder();
    /** The connections whose request has not completed yet, response bytes included. */
    private final Set<EndPoint> busy = ConcurrentHashMap.newKeySet();
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
    }

    long inFlight() {
        return inFlight.get();
    }

    long served() {
        return served.sum();
    }

    /**
     * Closes the connections of {@code connector} that carry no request, such as idle keep-alive ones. Those with a
     * request keep their normal idle timeout, so a slow upload is bounded by the shutdown timeout alone, and close
     * after their response, which says {@code Connection: close}.
     */
    void closeIdle(Connector connector) {
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (!busy.contains(endPoint)) {
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
