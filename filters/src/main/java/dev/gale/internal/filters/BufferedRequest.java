package dev.gale.internal.filters;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * A request whose body was read ahead: its input stream, reader and multipart parts come from the buffered body,
 * since the container's own stream has been drained.
 */
final class BufferedRequest extends HttpServletRequestWrapper {
    private final BufferedBody body;
    private ServletInputStream stream;
    private List<Part> parts;

    BufferedRequest(HttpServletRequest request, BufferedBody body) {
        super(request);
        this.body = body;
    }

    BufferedBody body() {
        return body;
    }

    @Override
    public ServletInputStream getInputStream() {
        if (stream == null) {
            stream = new BodyStream(body.open());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        if (parts == null) {
            String contentType = getContentType();
            if (contentType == null || !contentType.regionMatches(true, 0, "multipart/form-data", 0, 19)) {
                throw new ServletException("not a multipart/form-data request");
            }
            parts = MultipartParser.parse(body, contentType);
        }
        return parts;
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        for (Part part : getParts()) {
            if (part.getName().equals(name)) {
                return part;
            }
        }
        return null;
    }

    /** The buffered body as a servlet stream that is always ready, as nothing is left to wait for. */
    private static final class BodyStream extends ServletInputStream {
        private final InputStream in;
        private boolean finished;

        BodyStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            finished = b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            finished = n < 0;
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            try {
                listener.onDataAvailable();
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
