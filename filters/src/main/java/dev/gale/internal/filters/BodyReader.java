package dev.gale.internal.filters;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a request body as it arrives, with Servlet non-blocking input, and dispatches the request once it is whole,
 * as Tornado does before it calls a handler: a client that sends slowly holds no thread while it sends. A body past
 * {@code max_body_size} gets 413; a client too slow or gone is cut and logged in one line.
 */
final class BodyReader implements ReadListener {
    private static final int CHUNK = 8192;

    private final AsyncContext async;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final ServletInputStream in;
    private final BufferedBody body;
    private final long limit;
    private final SlowClient pace = new SlowClient();
    private boolean done;

    private BodyReader(
            AsyncContext async,
            HttpServletRequest request,
            HttpServletResponse response,
            ServletInputStream in,
            BufferedBody body,
            long limit) {
        this.async = async;
        this.request = request;
        this.response = response;
        this.in = in;
        this.body = body;
        this.limit = limit;
    }

    /** Starts reading the body of {@code request}; the request is dispatched again, with the body, when it is read. */
    static void start(HttpServletRequest request, HttpServletResponse response, Path directory, long limit)
            throws IOException {
        BufferedBody body = new BufferedBody(directory, request.getContentLengthLong());
        BufferedRequest buffered = new BufferedRequest(request, body);
        AsyncContext async = request.startAsync(buffered, response);
        async.setTimeout(0);
        ServletInputStream in = request.getInputStream();
        in.setReadListener(new BodyReader(async, request, response, in, body, limit));
    }

    @Override
    public void onDataAvailable() throws IOException {
        byte[] chunk = new byte[CHUNK];
        while (!done && in.isReady()) {
            int n = in.read(chunk);
            if (n < 0) {
                return;
            }
            if (body.size() + n > limit) {
                finish(() -> BodyLimitFilter.reject(request, response));
                return;
            }
            body.append(chunk, n);
        }
        if (!done && !in.isFinished() && pace.tooSlow(body.size())) {
            pace.logCut(request, "sent", body.size(), null);
            finish(() -> refuse(408));
        }
    }

    @Override
    public void onAllDataRead() {
        if (!done) {
            done = true;
            async.dispatch();
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!done) {
            pace.logCut(request, "sent", body.size(), failure);
            // The handler never runs: say so to a client still listening (a stalled client timed out, or the server
            // stopped while the body was on its way), rather than let the container end the request as a 200.
            finish(() -> refuse(SlowClient.isTimeout(failure) ? 408 : 503));
        }
    }

    /** Answers without the body when the connection still takes an answer, then ends the request. */
    private void finish(Answer answer) {
        done = true;
        body.delete();
        try {
            answer.send();
        } catch (IOException | IllegalStateException e) {
            // the client is gone; there is no one to answer
        }
        async.complete();
    }

    private void refuse(int status) throws IOException {
        if (!response.isCommitted()) {
            response.reset();
            response.setStatus(status);
            response.setHeader("Connection", "close");
            response.setContentLength(0);
        }
    }

    private interface Answer {
        void send() throws IOException;
    }
}
