package dev.gale.launcher.server;

import dev.gale.internal.filters.AccessLogFilter;
import dev.gale.internal.filters.ClientAbort;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

/**
 * The launcher's access log: Jetty calls it once each response is complete, so the line costs the request nothing
 * before its last byte, and requests Jetty refuses itself (a malformed request line, say) are logged too. The
 * readiness probe and the admin connector are left out. Each line is {@link AccessLogFilter}'s message in the layout
 * of the launcher's other log lines (Jetty's {@code StdErrAppender}, control characters escaped as it does), at the
 * {@code gale.access} logger's level, but built in a buffer each thread keeps and written to standard error as bytes:
 * a line allocates next to nothing, where the logger's formatting allocated about a kilobyte.
 */
final class AccessLog implements RequestLog {
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.").withZone(ZoneId.systemDefault());
    private static final String LINE_SEPARATOR = System.lineSeparator();

    private final Connector admin;
    private final ThreadLocal<LineBuffer> buffers = ThreadLocal.withInitial(LineBuffer::new);
    private volatile FormattedSecond second = new FormattedSecond(Long.MIN_VALUE, "");

    AccessLog(Connector admin) {
        this.admin = admin;
    }

    @Override
    public void log(Request request, Response response) {
        int status = cutShort(request, response) ? ClientAbort.STATUS : response.getStatus();
        HttpURI uri = request.getHttpURI();
        if (!AccessLogFilter.isLogged(status)
                || request.getConnectionMetaData().getConnector() == admin
                || AdminHandler.READY_PATH.equals(uri.getPath())) {
            return;
        }
        LineBuffer buffer = buffers.get();
        StringBuilder line = buffer.text;
        line.setLength(0);
        long now = System.currentTimeMillis();
        appendTimestamp(line, now);
        line.append(status < 400 ? ":INFO " : status < 500 ? ":WARN " : ":ERROR")
                .append(":gale.access:")
                .append(Thread.currentThread().getName())
                .append(": ");
        int message = line.length();
        AccessLogFilter.appendMessage(
                line,
                status,
                request.getMethod(),
                uri.getPath(),
                uri.getQuery(),
                Request.getRemoteAddr(request),
                NanoTime.since(request.getBeginNanoTime()));
        escapeControlCharacters(line, message);
        line.append(LINE_SEPARATOR);
        buffer.writeTo(System.err);
    }

    /**
     * Whether the client went away before the response was sent: the application marked it so, or fewer bytes went
     * out than its {@code Content-Length} announced.
     */
    private static boolean cutShort(Request request, Response response) {
        if (request.getAttribute(ClientAbort.ATTRIBUTE) != null) {
            return true;
        }
        long announced = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        return announced > 0
                && !HttpMethod.HEAD.is(request.getMethod())
                && Response.getContentBytesWritten(response) < announced;
    }

    private void appendTimestamp(StringBuilder line, long millis) {
        long epochSecond = Math.floorDiv(millis, 1000);
        FormattedSecond current = second;
        if (current.epochSecond != epochSecond) {
            current = new FormattedSecond(epochSecond, SECOND.format(Instant.ofEpochSecond(epochSecond)));
            second = current;
        }
        int milli = Math.floorMod(millis, 1000);
        line.append(current.text)
                .append((char) ('0' + milli / 100))
                .append((char) ('0' + milli / 10 % 10))
                .append((char) ('0' + milli % 10));
    }

    /** As Jetty's console logger does: a line feed becomes {@code |}, a carriage return {@code <}, others {@code ?}. */
    private static void escapeControlCharacters(StringBuilder line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isISOControl(c)) {
                line.setCharAt(i, c == '\n' ? '|' : c == '\r' ? '<' : '?');
            }
        }
    }

    private record FormattedSecond(long epochSecond, String text) {}

    /** A thread's line and its bytes, reused from one request to the next. */
    private static final class LineBuffer {
        private final StringBuilder text = new StringBuilder(160);
        private byte[] bytes = new byte[160];

        /** Writes the line in one call, encoded as the stream's {@link Charset#defaultCharset()} would. */
        void writeTo(PrintStream out) {
            int length = text.length();
            if (bytes.length < length) {
                bytes = Arrays.copyOf(bytes, Math.max(length, bytes.length * 2));
            }
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    byte[] encoded = text.toString().getBytes(Charset.defaultCharset());
                    out.write(encoded, 0, encoded.length);
                    return;
                }
                bytes[i] = (byte) c;
            }
            out.write(bytes, 0, length);
        }
    }
}
