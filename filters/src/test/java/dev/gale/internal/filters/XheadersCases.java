package dev.gale.internal.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The cases of {@code xheaders-cases.tsv}, the one table that the rule and both of its adapters are held to (the
 * launcher's tests read it from this module's test jar), and a
 * raw HTTP client that sends a case's header lines exactly as written (repeated lines, any {@code Host}).
 */
public final class XheadersCases {
    static final String TABLE = "/xheaders-cases.tsv";
    static final String PEER = "127.0.0.1";
    static final String SCHEME = "http";
    static final String HOST = "gale.test";

    private static final Pattern REPEAT = Pattern.compile("\\$\\{(\\d+)\\*([^}]*)}");

    private XheadersCases() {}

    /** One request header line. */
    public record Header(String name, String value) {}

    /** One line of the table. */
    public record Case(
            String name,
            List<String> trustedProxies,
            boolean xheadersHost,
            List<Header> headers,
            String remoteIp,
            String protocol,
            String host) {

        /** Every value of header {@code name} in the order sent, as a container reports them. */
        public List<String> values(String name) {
            return headers.stream()
                    .filter(h -> h.name().equalsIgnoreCase(name))
                    .map(Header::value)
                    .toList();
        }

        /** What the application should see. */
        public Seen expected() {
            return new Seen(remoteIp, protocol, host, protocol.equals("https"));
        }
    }

    /** What a probe handler reports of a request. */
    public record Seen(String remoteIp, String protocol, String host, boolean secure) {
        /** Parses the probe's body: {@code name=value} lines. */
        public static Seen parse(String body) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            if (fields.size() != 4) {
                throw new AssertionError("not a probe's answer: " + body);
            }
            return new Seen(
                    fields.get("remote_ip"),
                    fields.get("protocol"),
                    fields.get("host"),
                    Boolean.parseBoolean(fields.get("secure")));
        }

        /** The probe's body for what a handler sees. */
        public static String format(String remoteIp, String protocol, String host, boolean secure) {
            return "remote_ip=" + remoteIp + "\nprotocol=" + protocol + "\nhost=" + host + "\nsecure=" + secure + "\n";
        }
    }

    /** The table as arguments of a parameterized test, each named after its case. */
    public static Stream<Arguments> all() {
        return read().stream().map(c -> Arguments.of(Named.of(c.name(), c)));
    }

    public static List<Case> read() {
        String text;
        try (InputStream in = XheadersCases.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is not on the test class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7 || !(f[2].equals("true") || f[2].equals("false"))) {
                throw new IllegalStateException(TABLE + " line " + (i + 1) + " is not a case: " + line);
            }
            List<Header> headers = new ArrayList<>();
            if (!f[3].equals("-")) {
                for (String header : f[3].split(" \\| ")) {
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalStateException(TABLE + " line " + (i + 1) + ": not a header: " + header);
                    }
                    headers.add(new Header(
                            header.substring(0, colon).strip(),
                            expand(header.substring(colon + 1).strip())));
                }
            }
            cases.add(new Case(f[0], List.of(f[1].split(",")), Boolean.parseBoolean(f[2]), headers, f[4], f[5], f[6]));
        }
        if (cases.size() < 50) {
            throw new IllegalStateException(TABLE + " has only " + cases.size() + " cases");
        }
        return cases;
    }

    private static String expand(String value) {
        Matcher m = REPEAT.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Sends {@code GET path} to {@code host:port} with {@code Host: gale.test} and the case's header lines as
     * written, and returns what the probe at {@code path} saw; any status but 200 fails.
     */
    public static Seen send(String host, int port, String path, List<Header> headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n");
        for (Header header : headers) {
            request.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        String response = exchange(host, port, request.toString());
        int end = response.indexOf("\r\n\r\n");
        String head = end < 0 ? response : response.substring(0, end);
        assertEquals("200", head.split(" ", 3)[1], () -> "the probe answered\n" + response);
        String body = response.substring(end + 4);
        if (head.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
            body = unchunk(body);
        }
        return Seen.parse(body);
    }

    private static String exchange(String host, int port, String request) {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(host, port), 30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(
                    chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
