package dev.gale.internal.filters;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the parts of a buffered {@code multipart/form-data} body (RFC 7578). A part is a slice of the body, so an
 * uploaded file is never copied again: its content is read from where the body already lies, in memory or on disk.
 */
final class MultipartParser {
    private static final int MAX_HEADERS = 16 * 1024;
    private static final int WINDOW = 64 * 1024;
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private final BufferedBody body;
    private final byte[] delimiter;
    private final byte[] window;

    private MultipartParser(BufferedBody body, String boundary) {
        this.body = body;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.window = new byte[Math.max(WINDOW, delimiter.length * 2)];
    }

    /** The parts of {@code body}, sent with {@code contentType}; a malformed body is a {@link ServletException}. */
    static List<Part> parse(BufferedBody body, String contentType) throws IOException, ServletException {
        String boundary = HeaderParameters.of(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new ServletException("multipart/form-data without a valid boundary");
        }
        return new MultipartParser(body, boundary).parts();
    }

    private List<Part> parts() throws IOException, ServletException {
        List<Part> parts = new ArrayList<>();
        long position = firstBoundaryEnd();
        while (true) {
            byte[] after = new byte[2];
            if (body.read(position, after, 2) < 2) {
                throw malformed("the body ends without a closing boundary");
            }
            if (after[0] == '-' && after[1] == '-') {
                return parts;
            }
            if (after[0] != '\r' || after[1] != '\n') {
                throw malformed("a boundary is not followed by a line end");
            }
            long headersStart = position + 2;
            long headersEnd = headersStart;
            if (!startsWith(headersStart, new byte[] {'\r', '\n'})) {
                headersEnd = indexOf(HEADERS_END, headersStart, MAX_HEADERS);
                if (headersEnd < 0) {
                    throw malformed("a part's headers do not end");
                }
            }
            Map<String, String> headers = headers(headersStart, headersEnd);
            long contentStart = headersEnd == headersStart ? headersStart + 2 : headersEnd + 4;
            long contentEnd = indexOf(delimiter, contentStart, Long.MAX_VALUE);
            if (contentEnd < 0) {
                throw malformed("a part does not end with a boundary");
            }
            parts.add(BufferedPart.of(headers, body, contentStart, contentEnd - contentStart));
            position = contentEnd + delimiter.length;
        }
    }

    /** Where the first boundary ends: at the start of the body, or after a preamble. */
    private long firstBoundaryEnd() throws IOException, ServletException {
        byte[] opening = new byte[delimiter.length - 2];
        System.arraycopy(delimiter, 2, opening, 0, opening.length);
        if (startsWith(0, opening)) {
            return opening.length;
        }
        long found = indexOf(delimiter, 0, Long.MAX_VALUE);
        if (found < 0) {
            throw malformed("no boundary in the body");
        }
        return found + delimiter.length;
    }

    private Map<String, String> headers(long start, long end) throws IOException, ServletException {
        byte[] bytes = new byte[(int) (end - start)];
        body.read(start, bytes, bytes.length);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part's header line has no name");
            }
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        return headers;
    }

    private boolean startsWith(long position, byte[] expected) throws IOException {
        byte[] actual = new byte[expected.length];
        return body.read(position, actual, actual.length) == actual.length && java.util.Arrays.equals(actual, expected);
    }

    /** The position of {@code pattern} at or after {@code from} and within {@code span} bytes of it, or -1. */
    private long indexOf(byte[] pattern, long from, long span) throws IOException {
        long position = from;
        long end = span == Long.MAX_VALUE ? body.size() : Math.min(body.size(), from + span);
        while (position + pattern.length <= end) {
            int n = body.read(position, window, (int) Math.min(window.length, end - position));
            int found = search(window, n, pattern);
            if (found >= 0) {
                return position + found;
            }
            position += n - pattern.length + 1;
        }
        return -1;
    }

    private static int search(byte[] data, int length, byte[] pattern) {
        byte first = pattern[0];
        int last = length - pattern.length;
        for (int i = 0; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            int j = 1;
            while (j < pattern.length && data[i + j] == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }

    private static ServletException malformed(String why) {
        return new ServletException("malformed multipart body: " + why);
    }
}
