package dev.gale.internal.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code Range: bytes=...} header (RFC 9110 section 14.2) against a representation of a given length. */
final class ByteRanges {
    /** More ranges than this in one request are answered with the whole file instead. */
    private static final int MOST_RANGES = 16;

    /** One satisfiable range, both ends inclusive. */
    record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }

        String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    private ByteRanges() {}

    /**
     * The satisfiable ranges of {@code header}: empty when the header is absent, malformed or asks for too many
     * ranges (serve the whole file); an empty list when none is satisfiable (416).
     */
    static Optional<List<Range>> parse(String header, long length) {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Optional.empty();
        }
        String[] specs = header.substring(6).split(",");
        if (specs.length > MOST_RANGES) {
            return Optional.empty();
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.strip();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return Optional.empty();
            }
            String from = spec.substring(0, dash).strip();
            String to = spec.substring(dash + 1).strip();
            try {
                if (from.isEmpty()) {
                    long suffix = digits(to);
                    if (suffix > 0 && length > 0) {
                        ranges.add(new Range(Math.max(0, length - suffix), length - 1));
                    }
                } else {
                    long first = digits(from);
                    long last = to.isEmpty() ? Long.MAX_VALUE : digits(to);
                    if (last < first) {
                        return Optional.empty();
                    }
                    if (first < length) {
                        ranges.add(new Range(first, Math.min(last, length - 1)));
                    }
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(ranges);
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }
}
