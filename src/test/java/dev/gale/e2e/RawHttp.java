package dev.gale.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 GET over a plain socket bound to a chosen local address, such as 127.0.0.2, which the JDK's
 * HttpClient cannot do; header lines go out exactly as given.
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
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
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

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not an HTTP response: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        String body = raw.substring(end + 4);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            StringBuilder joined = new StringBuilder();
            int at = 0;
            for (int size; (size = Integer.parseInt(body.substring(at, body.indexOf("\r\n", at)).split(";")[0].strip(), 16)) > 0; ) {
                int start = body.indexOf("\r\n", at) + 2;
                joined.append(body, start, start + size);
                at = start + size + 2;
            }
            body = joined.toString();
        }
        return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
}
