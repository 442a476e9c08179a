package dev.gale.filters;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code max_body_size}: a body announced larger ({@code Content-Length}) gets 413 before a byte of it is read, so
 * a client waiting on {@code Expect: 100-continue} sends nothing; a body without a length (chunked, or any HTTP/2
 * body sent without {@code Content-Length}) is counted as it is read and stopped with 413 when it passes the limit.
 */
public final class BodyLimitFilter extends HttpFilter {
    private static final byte[] PAGE = "<html><title>413: Content Too Large</title><body>413: Content Too Large</body></html>"
            .getBytes(StandardCharsets.UTF_8);

    private final long limit;

    public BodyLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long announced = request.getContentLengthLong();
        if (announced > limit) {
            reject(response);
            return;
        }
        if (announced < 0 && mayHaveUnannouncedBody(request)) {
            chain.doFilter(new Counted(request, limit), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * A body without a length: chunked in HTTP/1.1; in HTTP/2 and 3, which have no Transfer-Encoding, any request
     * may carry one. An HTTP/1 request with neither header has no body at all (RFC 9112, section 6.3).
     */
    private static boolean mayHaveUnannouncedBody(HttpServletRequest request) {
        return !request.getProtocol().startsWith("HTTP/1.") || request.getHeader("Transfer-Encoding") != null;
    }

    /** Answers 413 and closes the connection, leaving the body unread. */
    public static void reject(HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            throw new IOException("request body too large");
        }
        response.reset();
        response.setStatus(413);
        response.setHeader("Connection", "close");
        response.setContentType("text/html; charset=utf-8");
        response.setContentLength(PAGE.length);
        response.getOutputStream().write(PAGE);
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
