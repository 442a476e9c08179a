package dev.gale.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for requests that HttpClient would normalise or refuse to send (dot segments, NUL,
 * backslashes, raw bytes) and to see every byte a server answers, body or none.
 */
final class RawRequest {
    private static final int TIMEOUT_MILLIS = 15_000;

    private RawRequest() {}

    /** What came back: the bytes up to the server closing the connection; none when it closed without answering. */
    @SuppressWarnings("ArrayRecordComponent") // read by the tests, never compared or kept
    record Response(byte[] bytes) {
        boolean closedWithoutAnswer() {
            return bytes.length == 0;
        }

        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        int status() {
            String[] statusLine = text().split("\r\n", 2)[0].split(" ");
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new AssertionError("not an HTTP response: " + text());
            }
            return Integer.parseInt(statusLine[1]);
        }

        String head() {
            int end = text().indexOf("\r\n\r\n");
            return end < 0 ? text() : text().substring(0, end);
        }

        /** The bytes after the head, as sent (the tests use Connection: close, so there is one response). */
        byte[] body() {
            int end = text().indexOf("\r\n\r\n");
            return end < 0 ? new byte[0] : Arrays.copyOfRange(bytes, end + 4, bytes.length);
        }

        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : head().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return Optional.of(line.substring(prefix.length()).strip());
                }
            }
            return Optional.empty();
        }

        boolean contains(String text) {
            return text().contains(text) || new String(bytes, StandardCharsets.UTF_8).contains(text);
        }
    }

    /** {@code METHOD target HTTP/1.1} with Host, Connection: close and {@code headers} ("Name: value" each). */
    static Response request(int port, String method, String target, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return send(port, head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response get(int port, String target, String... headers) throws IOException {
        return request(port, "GET", target, headers);
    }

    /** Sends {@code request} as is and reads until the server closes; a reset counts as the end. */
    static Response send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketException e) {
                // the server reset the connection: what arrived before is the answer
            }
            return new Response(received.toByteArray());
        }
    }
}
