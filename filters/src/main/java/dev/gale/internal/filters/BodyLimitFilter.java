package dev.gale.internal.filters;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Reads request bodies before the handler runs, and applies {@code max_body_size}.
 *
 * <p>A body announced larger ({@code Content-Length}) gets 413 before a byte of it is read, so a client waiting on
 * {@code Expect: 100-continue} sends nothing; a body without a length (chunked, or any HTTP/2 body sent without
 * {@code Content-Length}) is counted as it arrives and stopped with 413 when it passes the limit.
 *
 * <p>Any other body is read with non-blocking input into memory or, past 64 KB, a temporary file in
 * {@code directory}, and the request is dispatched again once it is whole: a client sending slowly holds no thread,
 * as in Tornado. The handler, its XSRF check and multipart parsing then read the buffered body. Where the servlet
 * cannot run asynchronously, the body is read as the handler asks for it instead, still counted.
 *
 * <p>A request whose handler streams its body ({@code @StreamRequestBody}) passes untouched: its handler reads the
 * body itself, under a limit of its own.
 */
public final class BodyLimitFilter extends HttpFilter {
    private final long limit;
    private final Path directory;
    private final Predicate<HttpServletRequest> streamedByHandler;

    /**
     * Bodies up to {@code limit} bytes; those spooled to disk go to {@code directory}; those of requests
     * {@code streamedByHandler} accepts are left to their handler.
     */
    public BodyLimitFilter(long limit, Path directory, Predicate<HttpServletRequest> streamedByHandler) {
        this.limit = limit;
        this.directory = directory;
        this.streamedByHandler = streamedByHandler;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            afterBodyRead(request, response, chain);
            return;
        }
        long announced = request.getContentLengthLong();
        if (announced != 0 && streamedByHandler.test(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (announced > limit) {
            reject(request, response);
            return;
        }
        boolean unannounced = announced < 0 && mayHaveUnannouncedBody(request);
        if ((announced > 0 || unannounced) && request.isAsyncSupported()) {
            BodyReader.start(request, response, directory, limit);
            return;
        }
        chain.doFilter(unannounced ? new Counted(request, limit) : request, response);
    }

    /** Runs the rest of the chain with the buffered body, and deletes it when the request ends. */
    private static void afterBodyRead(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        BufferedBody body = bufferedBody(request);
        if (body == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new DeleteOnComplete(body));
            } else {
                body.delete();
            }
        }
    }

    private static BufferedBody bufferedBody(ServletRequest request) {
        for (ServletRequest r = request; r instanceof ServletRequestWrapper wrapper; r = wrapper.getRequest()) {
            if (r instanceof BufferedRequest buffered) {
                return buffered.body();
            }
        }
        return null;
    }

    /**
     * A body without a length: chunked in HTTP/1.1; in HTTP/2 and 3, which have no Transfer-Encoding, any request
     * may carry one. An HTTP/1 request with neither header has no body at all (RFC 9112, section 6.3).
     */
    private static boolean mayHaveUnannouncedBody(HttpServletRequest request) {
        return !request.getProtocol().startsWith("HTTP/1.") || request.getHeader("Transfer-Encoding") != null;
    }

    /** Answers 413 and closes the connection, leaving the body unread. */
    static void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            throw new IOException("request body too large");
        }
        response.reset();
        response.setHeader("Connection", "close");
        ErrorPage.send(request, response, 413, "Content Too Large");
    }

    /** Deletes a buffered body once the response is complete. */
    private record DeleteOnComplete(BufferedBody body) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            body.delete();
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** A request whose body stops with {@link BodyTooLargeException} past the limit. */
    private static final class Counted extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Counted(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
