package dev.gale.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 GET over a plain socket bound to a chosen local address, such as 127.0.0.2, which the JDK's
 * HttpClient cannot do; header lines go out exactly as given. {@link Connection} keeps one socket for several
 * requests, so a test decides when each byte goes out on it.
 */
final class RawHttp {
    private RawHttp() {}

    /** A response: status, headers by lower-case name, body as text. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    /** {@code GET path} to {@code 127.0.0.1:port} from local address {@code from}, with extra header lines. */
    static Response get(String from, int port, String path, String... headerLines) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(30_000);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(bytes);
            return parse(bytes.toString(StandardCharsets.ISO_8859_1));
        }
    }

    /** Parses a whole response as it came over the wire, its bytes as ISO-8859-1 characters; a chunked body joined. */
    static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not an HTTP response: " + raw);
        }
        Response head = head(raw.substring(0, end));
        int status = head.status();
        Map<String, List<String>> headers = head.headers();
        String body = raw.substring(end + 4);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            for (int size;
                    (size = Integer.parseInt(
                                    body.substring(at, body.indexOf("\r\n", at))
                                            .split(";")[0]
                                            .strip(),
                                    16))
                            > 0; ) {
                int start = body.indexOf("\r\n", at) + 2;
                joined.append(body, start, start + size);
                at = start + size + 2;
            }
            body = joined.toString();
        }
        return new Response(
                status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    /** The status line and headers of a response, without the blank line. */
    private static Response head(String text) {
        String[] lines = text.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(
                            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        return new Response(status, headers, "");
    }

    /** A keep-alive connection to {@code 127.0.0.1:port}: requests written as given, responses read one by one. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final int port;

        Connection(int port) throws IOException {
            this.port = port;
            socket = new Socket();
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** Sends {@code GET path} without {@code Connection: close} and reads the response. */
        Response get(String path) throws IOException {
            write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
            return read();
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void write(byte[] bytes) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }

        /** Reads one response, its body by Content-Length or chunked. */
        Response read() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after " + head.size() + " bytes of a response: " + head);
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            Response headers = head(text.substring(0, text.length() - 4));
            if (headers.header("Transfer-Encoding").orElse("").contains("chunked")) {
                for (int size; (size = Integer.parseInt(line().split(";")[0].strip(), 16)) > 0; ) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else {
                body.write(in.readNBytes(
                        Integer.parseInt(headers.header("Content-Length").orElse("0"))));
            }
            return new Response(headers.status(), headers.headers(), body.toString(StandardCharsets.UTF_8));
        }

        /** Whether the server closed the connection (end of stream or reset) within the socket's timeout. */
        boolean closedByServer() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed inside a chunked body");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
