package dev.gale.web;

import java.nio.charset.StandardCharsets;

/**
 * What a cookie may hold, checked when it is set, so a cookie no browser would keep, or no server would take back,
 * fails where the application sets it rather than vanishing later. Browsers keep a cookie of up to
 * {@value #LONGEST} bytes, counting its name, value and attributes (RFC 6265, section 6.1), and the launcher takes
 * request headers of up to {@code --max_header_size} (16 KB by default) in all.
 */
final class CookieLimits {
    /** The longest {@code Set-Cookie} value, name, value and attributes together, in bytes. */
    static final int LONGEST = 4096;
    /**
     * What {@code Path}, {@code Max-Age}, {@code Expires}, {@code HttpOnly}, {@code SameSite} and {@code Secure} add,
     * at most.
     */
    private static final int ATTRIBUTES =
            "; Path=; Max-Age=2147483647; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax; Secure"
                    .length();

    private CookieLimits() {}

    /**
     * Checks a cookie before it is set.
     *
     * @throws IllegalArgumentException naming the cookie, when its name or value holds a character a cookie cannot
     *     (a control character, a space, {@code ;}, or one outside ASCII), or when it is over {@value #LONGEST} bytes
     */
    static void check(String name, String value, String path) {
        if (name.isEmpty() || !isCookieText(name) || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException("Cookie name \"" + shortened(name) + "\" is not a valid cookie name");
        }
        if (!isCookieText(value)) {
            throw new IllegalArgumentException("Cookie " + name + ": the value holds a character a cookie cannot");
        }
        int size = name.length() + 1 + value.getBytes(StandardCharsets.UTF_8).length + path.length() + ATTRIBUTES;
        if (size > LONGEST) {
            throw new IllegalArgumentException(
                    "Cookie " + name + " is " + size + " bytes with its attributes; browsers keep at most " + LONGEST);
        }
    }

    private static boolean isCookieText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ';') {
                return false;
            }
        }
        return true;
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
