package dev.gale.internal.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * XSRF tokens in Tornado's format. The cookie holds a random 16-byte token; every form gets it masked anew
 * ({@code 2|<mask hex>|<masked token hex>|<timestamp>}), so the token never repeats on a page (BREACH), and any
 * masked form of the cookie's token is valid. An unversioned hex value (Tornado's version 1) is read too.
 */
public final class XsrfToken {
    /**
     * The longest token read, in bytes (Tornado's are 16): longer ones are refused, so that every masked form of a
     * token that is read fits what {@link #decode} reads back.
     */
    static final int LONGEST_TOKEN = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] token;
    private final long timestamp;

    private XsrfToken(byte[] token, long timestamp) {
        this.token = token;
        this.timestamp = timestamp;
    }

    /** A new random token. */
    public static XsrfToken generate(long nowSeconds) {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        return new XsrfToken(token, nowSeconds);
    }

    /** Reads a cookie or form value in version 2 or version 1 form; empty when it is neither. */
    public static Optional<XsrfToken> decode(String value, long nowSeconds) {
        if (value == null || value.isEmpty() || value.length() > 256) {
            return Optional.empty();
        }
        try {
            if (value.startsWith("2|")) {
                String[] parts = value.split("\\|", -1);
                if (parts.length != 4) {
                    return Optional.empty();
                }
                byte[] mask = HEX.parseHex(parts[1]);
                byte[] masked = HEX.parseHex(parts[2]);
                if (mask.length != 4 || masked.length == 0 || masked.length > LONGEST_TOKEN) {
                    return Optional.empty();
                }
                return Optional.of(new XsrfToken(mask(mask, masked), Long.parseLong(parts[3])));
            }
            if (value.matches("[1-9][0-9]*\\|.*")) {
                return Optional.empty();
            }
            byte[] token = HEX.parseHex(value);
            return token.length > LONGEST_TOKEN ? Optional.empty() : Optional.of(new XsrfToken(token, nowSeconds));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** This token masked with a fresh random mask, as written into forms and the cookie. */
    public String masked() {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        return "2|" + HEX.formatHex(mask) + "|" + HEX.formatHex(mask(mask, token)) + "|" + timestamp;
    }

    /** Whether both hold the same token, compared in constant time. */
    public boolean matches(XsrfToken other) {
        return MessageDigest.isEqual(token, other.token);
    }

    private static byte[] mask(byte[] mask, byte[] data) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (byte) (data[i] ^ mask[i % 4]);
        }
        return out;
    }
}
