package dev.gale.launcher.server;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a client that closes its connection while its request waits, as a long poll does, and fails the request
 * so the application hears of it at once ({@code AsyncListener.onError}) instead of when it finally writes to a
 * closed connection. Jetty reads an HTTP/1.1 connection only while a request's body is wanted, so nothing else would
 * see the close; Tomcat watches such connections itself.
 *
 * <p>Given a request, it starts watching and returns what stops the watch, which must run before the response
 * completes: the connection reads the next request after that. A client that sends its next request before this
 * response (pipelining, which browsers do not do) loses that request: its bytes are read here, so the response says
 * {@code Connection: close}, and HTTP/1.1 asks such a client to send again what was not answered.
 */
final class ClientWatch implements Function<HttpServletRequest, Runnable> {
    private static final Logger LOG = LoggerFactory.getLogger("gale.general");

    @Override
    public Runnable apply(HttpServletRequest servletRequest) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(servletRequest);
        if (request == null
                || !(request.getConnectionMetaData().getConnection() instanceof HttpConnection connection)
                || !(connection.getEndPoint() instanceof AbstractEndPoint)) {
            return ClientWatch::notWatched;
        }
        Watch watch = new Watch(request);
        // A body still being read holds the connection's read interest, and then its reads see the close.
        return watch.start() ? watch::stop : ClientWatch::notWatched;
    }

    private static void notWatched() {}

    /** One waiting request's watch: the connection becomes readable when its client closes it or sends more. */
    private static final class Watch implements Callback {
        private final Request request;
        private final HttpConnection connection;
        private final AbstractEndPoint endPoint;
        private boolean stopped;
        /** Whether this watch's read interest is the connection's, so stopping may withdraw it. */
        private boolean interested;

        Watch(ServletContextRequest request) {
            this.request = request;
            this.connection = (HttpConnection) request.getConnectionMetaData().getConnection();
            this.endPoint = (AbstractEndPoint) connection.getEndPoint();
        }

        synchronized boolean start() {
            interested = endPoint.tryFillInterested(this);
            return interested;
        }

        /** Stops watching; waits for a look at the connection under way, so the two never read at once. */
        synchronized void stop() {
            stopped = true;
            if (interested) {
                interested = false;
                endPoint.getFillInterest().onFail(new StoppedWatching());
            }
        }

        @Override
        public synchronized void succeeded() {
            interested = false;
            if (stopped) {
                return;
            }
            ByteBuffer next = ByteBuffer.allocate(1024);
            next.flip();
            int read;
            try {
                read = endPoint.fill(next);
            } catch (IOException e) {
                read = -1;
            }
            if (read == 0) {
                interested = endPoint.tryFillInterested(this);
            } else if (read > 0) {
                connection.getGenerator().setPersistent(false);
                LOG.debug(
                        "A request pipelined behind {} will be sent again: this connection closes after it",
                        request.getHttpURI().getPath());
            } else {
                stopped = true;
                Runnable failure =
                        HttpChannel.from(request).onRemoteFailure(new EofException("the client closed the connection"));
                if (failure != null) {
                    connection.getConnector().getExecutor().execute(failure);
                }
            }
        }

        @Override
        public void failed(Throwable cause) {
            // Stopped, or the connection failed and its own handling reports that.
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    /** The cause a stopped watch gives its pending read interest. */
    private static final class StoppedWatching extends Exception {
        private static final long serialVersionUID = 1L;

        StoppedWatching() {
            super("stopped watching", null, false, false);
        }
    }
}
