package dev.gale.internal.filters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tornado's {@code xheaders} rule, written once for every container: the launcher's Jetty connector and the
 * {@link ForwardedHeadersFilter} of a WAR both call it.
 *
 * <p>Headers count only when the TCP peer is a trusted proxy; from anyone else they are ignored. The client
 * address is {@code X-Real-IP} when it is a valid address, else the right-most address of {@code X-Forwarded-For}
 * that is not itself a trusted proxy, else the same walk over RFC 7239 {@code Forwarded: for=}. The scheme is
 * {@code X-Scheme}, else the last {@code X-Forwarded-Proto}, else {@code Forwarded: proto=}, and only
 * {@code http} or {@code https}. The host is {@code X-Forwarded-Host} only when enabled. A value that is not
 * an address, an unknown scheme, a header sent twice where one is expected, or an overlong header is ignored.
 */
public final class ForwardedRule {
    private static final int LONGEST_HEADER = 2048;
    private static final Pattern HOST_AND_PORT =
            Pattern.compile("([A-Za-z0-9.\\-]{1,253}|\\[([0-9A-Fa-f:.]+)\\])(?::(\\d{1,5}))?");

    private final TrustedProxies trusted;
    private final boolean forwardedHost;

    public ForwardedRule(TrustedProxies trusted, boolean forwardedHost) {
        this.trusted = trusted;
        this.forwardedHost = forwardedHost;
    }

    /** What the application sees of a request. */
    public record View(String remoteIp, String scheme, String host) {}

    /**
     * The client as the application should see it.
     *
     * @param peerIp the TCP peer's address, bare or in brackets as Jetty writes IPv6 ({@code [::1]})
     * @param headers every value of a request header, in order (empty when absent)
     */
    public View resolve(String peerIp, String scheme, String host, Function<String, List<String>> headers) {
        boolean bracketed = peerIp.length() > 2 && peerIp.startsWith("[") && peerIp.endsWith("]");
        if (!trusted.contains(bracketed ? peerIp.substring(1, peerIp.length() - 1) : peerIp)) {
            return new View(peerIp, scheme, host);
        }
        List<String> forwarded = values(headers.apply("Forwarded"));
        return new View(clientIp(peerIp, headers, forwarded), scheme(scheme, headers, forwarded), host(host, headers));
    }

    private String clientIp(String peerIp, Function<String, List<String>> headers, List<String> forwarded) {
        String realIp = single(headers.apply("X-Real-IP"));
        if (realIp != null && IpAddress.isValid(realIp.strip())) {
            return realIp.strip();
        }
        List<String> hops = values(headers.apply("X-Forwarded-For"));
        if (hops.isEmpty()) {
            hops = parameters(forwarded, "for").stream()
                    .map(ForwardedRule::unbracket)
                    .toList();
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (!IpAddress.isValid(hop)) {
                return peerIp;
            }
            if (!trusted.contains(hop)) {
                return hop;
            }
        }
        return peerIp;
    }

    private static String scheme(String scheme, Function<String, List<String>> headers, List<String> forwarded) {
        String given = single(headers.apply("X-Scheme"));
        if (given == null) {
            List<String> protos = values(headers.apply("X-Forwarded-Proto"));
            given = protos.isEmpty() ? null : protos.get(protos.size() - 1);
        }
        if (given == null) {
            List<String> protos = parameters(forwarded, "proto");
            given = protos.isEmpty() ? null : protos.get(protos.size() - 1);
        }
        if (given == null) {
            return scheme;
        }
        String normalized = given.strip().toLowerCase(Locale.ROOT);
        return normalized.equals("http") || normalized.equals("https") ? normalized : scheme;
    }

    private String host(String host, Function<String, List<String>> headers) {
        if (!forwardedHost) {
            return host;
        }
        List<String> hosts = values(headers.apply("X-Forwarded-Host"));
        String given = hosts.isEmpty() ? null : hosts.get(hosts.size() - 1);
        return given != null && isHostAndPort(given) ? given : host;
    }

    /** A host name or bracketed IPv6 literal, with an optional port from 1 to 65535. */
    private static boolean isHostAndPort(String value) {
        Matcher m = HOST_AND_PORT.matcher(value);
        if (!m.matches()) {
            return false;
        }
        if (m.group(2) != null && !IpAddress.isValid(m.group(2))) {
            return false;
        }
        if (m.group(3) != null) {
            int port = Integer.parseInt(m.group(3));
            return port >= 1 && port <= 65535;
        }
        return true;
    }

    /** The one value of a header that must appear once; null when absent, repeated or overlong. */
    private static String single(List<String> values) {
        if (values.size() != 1 || values.get(0).length() > LONGEST_HEADER) {
            return null;
        }
        return values.get(0);
    }

    /** The comma-separated items of every value of a header, in order; none when the header is overlong. */
    private static List<String> values(List<String> raw) {
        List<String> items = new ArrayList<>();
        int length = 0;
        for (String value : raw) {
            length += value.length();
            if (length > LONGEST_HEADER) {
                return List.of();
            }
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    /** The values of one parameter ({@code for}, {@code proto}) across the elements of {@code Forwarded}. */
    private static List<String> parameters(List<String> elements, String name) {
        List<String> found = new ArrayList<>();
        for (String element : elements) {
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase(name)) {
                    String value = pair.substring(eq + 1).strip();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    found.add(value);
                }
            }
        }
        return found;
    }

    /** {@code [2001:db8::1]:4711} or {@code 192.0.2.1:4711} without brackets and port. */
    private static String unbracket(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close > 0 ? node.substring(1, close) : node;
        }
        int colon = node.indexOf(':');
        return colon > 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }
}
