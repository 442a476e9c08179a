package dev.gale.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict percent-decoding of paths, query strings and form bodies; malformed input is a 400, never a 500. */
final class PercentDecoder {
    private PercentDecoder() {}

    /** Decodes a path segment: {@code +} stays a plus. */
    static String decodePath(String raw) {
        return decode(raw, false, "path");
    }

    /** Parses {@code a=1&b=2&a=3} into names and their values in order; {@code +} is a space. */
    static Map<String, List<String>> parseForm(String raw, String what) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, what);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, what);
            values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        values.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(values);
    }

    private static String decode(String raw, boolean plusIsSpace, String what) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 3);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hexDigit(raw.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new HttpError(400, "Malformed percent-encoding in the " + what);
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else {
                int codePoint = raw.codePointAt(i);
                bytes.put(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpError(400, "Invalid UTF-8 in the " + what);
        }
    }

    /**
     * The value of an ASCII hex digit, else -1. Not {@link Character#digit}, which also reads fullwidth and other
     * scripts' digits: "%" then fullwidth 2 and E (U+FF12 U+FF25) would decode to "." past any check of the raw path.
     */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
