package dev.gale.internal.files;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** One response for one static file: validators, caching, conditional requests, ranges and encodings. */
final class StaticResponse {
    /** Ten years, as Tornado's {@code CACHE_MAX_AGE}. */
    static final long TEN_YEARS_SECONDS = 86400L * 365 * 10;

    private static final String VERSIONED_CACHE_CONTROL = "max-age=" + TEN_YEARS_SECONDS + ", public, immutable";

    private final StaticFile file;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final boolean head;

    StaticResponse(StaticFile file, HttpServletRequest request, HttpServletResponse response) {
        this.file = file;
        this.request = request;
        this.response = response;
        this.head = "HEAD".equals(request.getMethod());
    }

    void send() throws IOException {
        if (!head && !"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            response.setStatus(405);
            return;
        }
        String rangeHeader = request.getHeader("Range");
        Encoding encoding = rangeHeader == null && file.compressible() ? chooseEncoding() : Encoding.IDENTITY;
        String etag = "\"" + file.hash() + encoding.etagSuffix + "\"";
        writeHeaders(etag);
        if (notModified()) {
            response.setStatus(304);
            commitWithoutLength();
            return;
        }
        if (encoding != Encoding.IDENTITY) {
            sendEncoded(encoding);
            return;
        }
        Optional<List<ByteRanges.Range>> ranges = rangeHeader != null && ifRangeHolds(etag)
                ? ByteRanges.parse(rangeHeader, file.size())
                : Optional.empty();
        if (ranges.isEmpty()) {
            response.setContentLengthLong(file.size());
            if (!head) {
                sendWhole();
            }
        } else if (ranges.get().isEmpty()) {
            response.setStatus(416);
            response.setHeader("Content-Range", "bytes */" + file.size());
            response.setContentLength(0);
        } else if (ranges.get().size() == 1) {
            sendRange(ranges.get().get(0));
        } else {
            sendRanges(ranges.get());
        }
    }

    private void writeHeaders(String etag) {
        response.setContentType(file.contentType());
        response.setHeader("ETag", etag);
        response.setDateHeader("Last-Modified", file.lastModifiedMillis() / 1000 * 1000);
        response.setHeader("Accept-Ranges", "bytes");
        if (file.compressible()) {
            response.setHeader("Vary", "Accept-Encoding");
        }
        if (file.hash().equals(versionAsked())) {
            response.setHeader("Cache-Control", VERSIONED_CACHE_CONTROL);
            response.setDateHeader("Expires", System.currentTimeMillis() + TEN_YEARS_SECONDS * 1000);
        } else {
            response.setHeader("Cache-Control", "no-cache");
        }
    }

    /**
     * {@code If-None-Match} decides when present (any of this file's tags, weak or strong, or *); else {@code
     * If-Modified-Since}.
     */
    private boolean notModified() {
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.strip();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || isOurs(tag)) {
                    return true;
                }
            }
            return false;
        }
        long since = dateHeader("If-Modified-Since");
        return since >= 0 && file.lastModifiedMillis() / 1000 <= since / 1000;
    }

    private boolean isOurs(String tag) {
        String quoted = "\"" + file.hash();
        if (!tag.startsWith(quoted)) {
            return false;
        }
        String rest = tag.substring(quoted.length());
        for (Encoding encoding : Encoding.values()) {
            if (rest.equals(encoding.etagSuffix + "\"")) {
                return true;
            }
        }
        return false;
    }

    /** A Range counts only while {@code If-Range}, when sent, still names this file (by its ETag or date). */
    private boolean ifRangeHolds(String etag) {
        String ifRange = request.getHeader("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        long date = dateHeader("If-Range");
        return date >= 0 && file.lastModifiedMillis() / 1000 == date / 1000;
    }

    private void sendWhole() throws IOException {
        byte[] content = file.content();
        if (content != null) {
            ServletOutputStream out = response.getOutputStream();
            if (!FastContent.send(out, file.directContent())) {
                out.write(content);
            }
        } else if (Boolean.TRUE.equals(request.getAttribute("org.apache.tomcat.sendfile.support"))) {
            request.setAttribute(
                    "org.apache.tomcat.sendfile.filename", file.path().toString());
            request.setAttribute("org.apache.tomcat.sendfile.start", 0L);
            request.setAttribute("org.apache.tomcat.sendfile.end", file.size());
        } else {
            sendFile(file.path(), 0, file.size());
        }
    }

    /** Part of a file not kept in memory: without a thread where the request can go asynchronous. */
    private void sendFile(Path path, long offset, long length) throws IOException {
        if (!FileWriter.start(request, response, path, offset, length)) {
            copy(path, offset, length, response.getOutputStream());
        }
    }

    private void sendRange(ByteRanges.Range range) throws IOException {
        response.setStatus(206);
        response.setHeader("Content-Range", range.contentRange(file.size()));
        response.setContentLengthLong(range.length());
        if (!head && file.content() == null) {
            sendFile(file.path(), range.first(), range.length());
        } else if (!head) {
            copyRange(range, response.getOutputStream());
        }
    }

    private void sendRanges(List<ByteRanges.Range> ranges) throws IOException {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        response.setStatus(206);
        // Drops the file's charset, which the container would otherwise append to the multipart type.
        response.setCharacterEncoding((String) null);
        response.setContentType("multipart/byteranges; boundary=" + boundary);
        if (head) {
            commitWithoutLength();
            return;
        }
        ServletOutputStream out = response.getOutputStream();
        for (ByteRanges.Range range : ranges) {
            out.write(("\r\n--" + boundary + "\r\nContent-Type: " + file.contentType() + "\r\nContent-Range: "
                            + range.contentRange(file.size()) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            copyRange(range, out);
        }
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private void sendEncoded(Encoding encoding) throws IOException {
        response.setHeader("Content-Encoding", encoding.token);
        Path sibling = encoding == Encoding.BROTLI ? file.brotli() : file.gzip();
        if (sibling != null) {
            long size = Files.size(sibling);
            response.setContentLengthLong(size);
            if (!head) {
                sendFile(sibling, 0, size);
            }
            return;
        }
        byte[] gzipped = file.gzipped();
        if (gzipped != null) {
            response.setContentLength(gzipped.length);
            if (!head) {
                response.getOutputStream().write(gzipped);
            }
            return;
        }
        if (head) {
            commitWithoutLength();
            return;
        }
        try (GZIPOutputStream gz = new GZIPOutputStream(response.getOutputStream(), 65536)) {
            copy(file.path(), 0, file.size(), gz);
        }
    }

    /**
     * Sends the headers of a response without a body whose length is unknown (a 304, or HEAD of a body made on the
     * fly). Left to complete on its own, the container would declare {@code Content-Length: 0}, which RFC 9110
     * forbids there unless the full response really is empty.
     */
    private void commitWithoutLength() throws IOException {
        response.flushBuffer();
    }

    private void copyRange(ByteRanges.Range range, OutputStream out) throws IOException {
        byte[] content = file.content();
        if (content != null) {
            out.write(content, (int) range.first(), (int) range.length());
        } else {
            copy(file.path(), range.first(), range.length(), out);
        }
    }

    /** Streams part of a file through a bounded buffer: a large file never sits whole in the heap. */
    private static void copy(Path path, long offset, long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(65536, Math.max(1, length))];
        try (InputStream in = Files.newInputStream(path)) {
            in.skipNBytes(offset);
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** Brotli only from a {@code .br} file beside the original; gzip from a {@code .gz} file or made here. */
    private Encoding chooseEncoding() {
        String accept = request.getHeader("Accept-Encoding");
        if (accept == null) {
            return Encoding.IDENTITY;
        }
        if (file.brotli() != null && Compression.accepts(accept, "br")) {
            return Encoding.BROTLI;
        }
        if (!Compression.accepts(accept, "gzip")) {
            return Encoding.IDENTITY;
        }
        boolean gains = file.gzip() != null || file.content() == null || file.gzipped() != null;
        return gains ? Encoding.GZIP : Encoding.IDENTITY;
    }

    private long dateHeader(String name) {
        try {
            return request.getDateHeader(name);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private String versionAsked() {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("v=")) {
                return pair.substring(2);
            }
        }
        return null;
    }

    private enum Encoding {
        IDENTITY("", ""),
        GZIP("gzip", "-gzip"),
        BROTLI("br", "-br");

        final String token;
        final String etagSuffix;

        Encoding(String token, String etagSuffix) {
            this.token = token;
            this.etagSuffix = etagSuffix;
        }
    }
}
