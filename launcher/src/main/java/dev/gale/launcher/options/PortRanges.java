package dev.gale.launcher.options;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists of ports as options give them: {@code 8000-8003,9000} for ports of this host, and
 * {@code 127.0.0.1:8000-8003,[::1]:7000,app.internal:80} for processes on any host.
 */
public final class PortRanges {
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
    private static final Pattern ADDRESS =
            Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.\\-]+):(" + RANGE.pattern() + ")");
    /** The most ports one range may hold, so a typo such as 1000-9000 is refused rather than expanded. */
    private static final int MOST = 1024;

    private PortRanges() {}

    /**
     * Expands {@code PORT[-PORT]} items into ports.
     *
     * @throws IllegalArgumentException quoting the first item that is not a port or a range of ports
     */
    public static List<Integer> ports(List<String> items) {
        List<Integer> ports = new ArrayList<>();
        for (String item : items) {
            Matcher m = RANGE.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException(quote(item) + " is not a port or a range of ports");
            }
            ports.addAll(expand(m.group(1), m.group(2), item));
        }
        return List.copyOf(ports);
    }

    /**
     * Expands {@code HOST:PORT[-PORT]} items into {@code host:port} addresses.
     *
     * @throws IllegalArgumentException quoting the first item that is not {@code host:port} or {@code host:first-last}
     */
    public static List<String> addresses(List<String> items) {
        List<String> addresses = new ArrayList<>();
        for (String item : items) {
            Matcher m = ADDRESS.matcher(item);
            if (!m.matches()) {
                throw new IllegalArgumentException(quote(item) + " is not host:port or host:first-last");
            }
            for (int port : expand(m.group(3), m.group(4), item)) {
                addresses.add(m.group(1) + ":" + port);
            }
        }
        return List.copyOf(addresses);
    }

    private static List<Integer> expand(String firstDigits, String lastDigits, String item) {
        int first = port(firstDigits, item);
        int last = lastDigits == null ? first : port(lastDigits, item);
        if (last < first || last - first >= MOST) {
            throw new IllegalArgumentException(quote(item) + " is not a range of ports");
        }
        List<Integer> ports = new ArrayList<>();
        for (int port = first; port <= last; port++) {
            ports.add(port);
        }
        return ports;
    }

    private static int port(String digits, String item) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(quote(item) + " has a port out of range");
        }
        return port;
    }

    private static String quote(String item) {
        return '"' + item + '"';
    }
}
