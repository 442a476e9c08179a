package dev.gale.web;

import dev.gale.internal.filters.ClientAbort;
import dev.gale.internal.filters.SlowClient;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The body of a request to a {@link StreamRequestBody} handler, handed to its {@code dataReceived} piece by piece
 * as it arrives, then the method run once it is whole. It is read with Servlet non-blocking input, so a client that
 * sends slowly holds no thread between pieces; where the request cannot go asynchronous, it is read blocking with
 * the same calls. Past the limit the request gets 413; a client below {@link SlowClient}'s pace, or silent past the
 * container's idle timeout, gets 408 and one log line. Either way, and when the handler throws, reading stops and the
 * connection is closed after the answer. A handler that finishes the response from {@code dataReceived} ends the
 * reading too, and its method does not run.
 */
final class StreamingBody implements ReadListener {
    private static final int CHUNK = 16 * 1024;

    private final RequestCycle cycle;
    private final HttpServletRequest request;
    private final SlowClient pace = new SlowClient();
    private long limit;
    private long received;
    private boolean started;
    private boolean stopped;
    private ServletInputStream in;
    private byte[] buffer;

    StreamingBody(RequestCycle cycle, long limit) {
        this.cycle = cycle;
        this.request = cycle.request;
        this.limit = limit;
    }

    void setLimit(long bytes) {
        if (started) {
            throw new IllegalStateException(
                    "setMaxBodySize comes too late: the body is being read; call it in prepare()");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("A body size cannot be negative: " + bytes);
        }
        limit = bytes;
    }

    /**
     * Starts reading the body: a body announced larger than the limit gets 413 before a byte of it is read, so a
     * client waiting on {@code Expect: 100-continue} sends nothing.
     */
    void start() throws IOException {
        started = true;
        if (request.getContentLengthLong() > limit) {
            stop(new HttpError(413));
            return;
        }
        in = request.getInputStream();
        buffer = new byte[CHUNK];
        if (request.isAsyncSupported()) {
            cycle.startAsync();
            in.setReadListener(this);
        } else {
            readBlocking();
        }
    }

    @Override
    public void onDataAvailable() {
        try {
            while (!stopped && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0 || !deliver(n)) {
                    return;
                }
            }
        } catch (IOException e) {
            onError(e);
            return;
        }
        if (!stopped && !in.isFinished() && pace.tooSlow(received)) {
            pace.logCut(request, "sent", received, null);
            stop(new HttpError(408));
        }
    }

    @Override
    public void onAllDataRead() {
        if (!stopped) {
            stopped = true;
            cycle.respond();
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (stopped) {
            return;
        }
        if (ClientAbort.is(failure)) {
            pace.logCut(request, "sent", received, failure);
            stop(failure);
        } else if (SlowClient.isTimeout(failure)) {
            pace.logCut(request, "sent", received, failure);
            stop(new HttpError(408));
        } else {
            stop(new HttpError(400, "The request body could not be read"));
        }
    }

    /** Reads the whole body on this thread, for a container that cannot run this request asynchronously. */
    private void readBlocking() {
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!deliver(n)) {
                    return;
                }
            }
        } catch (IOException e) {
            onError(e);
            return;
        }
        onAllDataRead();
    }

    /** Counts {@code n} bytes read and hands them to the handler; false when that stopped the request. */
    private boolean deliver(int n) {
        received += n;
        if (received > limit) {
            stop(new HttpError(413));
            return false;
        }
        try {
            cycle.dataReceived(ByteBuffer.wrap(buffer, 0, n));
        } catch (Throwable e) {
            stop(e);
            return false;
        }
        if (cycle.finished()) {
            // The handler answered already: the rest of the body has no one to take it.
            stopped = true;
            cycle.endWithBodyUnread();
            return false;
        }
        return true;
    }

    private void stop(Throwable failure) {
        stopped = true;
        cycle.failWithBodyUnread(failure);
    }
}
