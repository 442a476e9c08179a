package dev.gale.launcher.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The application processes behind a proxy: {@code 127.0.0.1:8000-8003,10.0.0.5:8000} as host and port pairs. */
record Upstreams(List<String> addresses) {
    private static final Pattern ENTRY = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.\\-]+):(\\d{1,5})(?:-(\\d{1,5}))?");
    private static final int MOST = 1024;

    /**
     * Expands port ranges.
     *
     * @throws IllegalArgumentException quoting an entry that is not {@code host:port} or {@code host:first-last}
     */
    static Upstreams parse(List<String> entries) {
        List<String> addresses = new ArrayList<>();
        for (String entry : entries) {
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("\"" + entry + "\" is not host:port or host:first-last");
            }
            int first = port(m.group(2), entry);
            int last = m.group(3) == null ? first : port(m.group(3), entry);
            if (last < first || last - first >= MOST) {
                throw new IllegalArgumentException("\"" + entry + "\" is not a range of ports");
            }
            for (int port = first; port <= last; port++) {
                addresses.add(m.group(1) + ":" + port);
            }
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no upstream given (such as 127.0.0.1:8000-8003)");
        }
        return new Upstreams(List.copyOf(addresses));
    }

    private static int port(String digits, String entry) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("\"" + entry + "\" has a port out of range");
        }
        return port;
    }
}
