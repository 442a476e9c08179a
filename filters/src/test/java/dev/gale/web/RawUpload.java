package dev.gale.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request written by hand on a socket, for what HttpClient will not do: wait on {@code Expect: 100-continue}, send
 * a body slowly or without end, or stop half way. The body is written by another thread while this one reads, since
 * a server that answers early stops reading.
 */
final class RawUpload implements AutoCloseable {
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    private final Socket socket;
    private final OutputStream out;
    private Thread writer;

    /** Connects to {@code server} and sends the request head: {@code method path}, the host, {@code headers}. */
    RawUpload(TestServer server, String method, String path, String... headers) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Writes {@code body} now, on this thread. */
    RawUpload write(byte[] body) throws IOException {
        out.write(body);
        out.flush();
        return this;
    }

    /** Writes {@code pieces} from another thread, until it has written them all or the server stops reading. */
    RawUpload writeInBackground(Iterable<byte[]> pieces) {
        writer = new Thread(() -> {
            try {
                for (byte[] piece : pieces) {
                    out.write(piece);
                    out.flush();
                }
            } catch (IOException e) {
                // the server closed the connection: it stopped reading
            }
        });
        writer.setDaemon(true);
        writer.start();
        return this;
    }

    /** The response head and, as its Content-Length says, its body; what was read when the connection was reset. */
    String response() throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            while (!response.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                response.write(b);
            }
            Matcher length = CONTENT_LENGTH.matcher(response.toString(StandardCharsets.ISO_8859_1));
            if (length.find()) {
                response.write(in.readNBytes(Integer.parseInt(length.group(1))));
            }
        } catch (SocketException e) {
            // reset after the answer, for the body the server left unread
        }
        return response.toString(StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection: it sends nothing more and ends the stream. */
    boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    static String headOf(String response) {
        int end = response.indexOf("\r\n\r\n");
        return (end < 0 ? response : response.substring(0, end)).toLowerCase(Locale.ROOT);
    }

    /** {@code body} in HTTP/1.1 chunks of {@code size} bytes, with the last, empty chunk. */
    static byte[] chunked(byte[] body, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += size) {
            out.writeBytes(chunk(body, at, Math.min(size, body.length - at)));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** One HTTP/1.1 chunk of {@code length} bytes of {@code body} from {@code offset}. */
    static byte[] chunk(byte[] body, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, offset, length);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (writer != null) {
            try {
                writer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
