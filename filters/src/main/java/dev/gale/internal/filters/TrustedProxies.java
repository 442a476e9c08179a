package dev.gale.internal.filters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The peers whose forwarded headers are believed: a list of CIDR ranges such as {@code 127.0.0.0/8} or {@code ::1}. */
public final class TrustedProxies {
    /** The default: loopback only. */
    public static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses CIDR ranges; an address without {@code /bits} is a single host.
     *
     * @throws IllegalArgumentException quoting the first entry that is not a range
     */
    public static TrustedProxies parse(List<String> cidrs) {
        List<Range> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            ranges.add(Range.parse(cidr.strip()));
        }
        return new TrustedProxies(ranges);
    }

    /**
     * Parses the value of the setting named {@code settingName}.
     *
     * @throws IllegalArgumentException naming the setting and quoting the first entry that is not a range
     */
    public static TrustedProxies parseSetting(String settingName, List<String> cidrs) {
        try {
            return parse(cidrs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(settingName + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code ip}, an address literal, lies in one of the ranges; anything else is not trusted. */
    public boolean contains(String ip) {
        Optional<byte[]> address = IpAddress.parse(ip);
        if (address.isEmpty()) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(address.get())) {
                return true;
            }
        }
        return false;
    }

    private static final class Range {
        private final byte[] network;
        private final int bits;

        private Range(byte[] network, int bits) {
            this.network = network;
            this.bits = bits;
        }

        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] network = IpAddress.parse(host)
                    .orElseThrow(
                            () -> new IllegalArgumentException("\"" + cidr + "\" is not an address or CIDR range"));
            int bits = network.length * 8;
            if (slash >= 0) {
                String length = cidr.substring(slash + 1);
                bits = length.matches("\\d{1,3}") ? Integer.parseInt(length) : -1;
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException(
                            "\"" + cidr + "\" needs a prefix length from 0 to " + network.length * 8);
                }
            }
            return new Range(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
