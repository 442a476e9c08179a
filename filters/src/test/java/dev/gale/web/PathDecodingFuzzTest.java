package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@link PercentDecoder#decodePath}: a path argument decodes exactly as RFC 3986 says (a {@code %} and two ASCII hex
 * digits, then UTF-8), or is a 400. The expected text comes from the JDK's {@link URLDecoder}, which shares no code
 * with the decoder under test, so a slip in either shows as a difference.
 */
class PathDecodingFuzzTest {
    /** A {@code %} not followed by two ASCII hex digits (RFC 3986 HEXDIG; no fullwidth or other scripts' digits). */
    private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void decodePath(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        String expected = reference(raw);
        String actual;
        try {
            actual = PercentDecoder.decodePath(raw);
        } catch (HttpError e) {
            assertEquals(400, e.status(), e::getMessage);
            actual = null;
        }
        assertEquals(expected, actual, () -> "decoding " + raw);
    }

    /**
     * The decoded text, or null where a 400 is due. Every character but the escapes is first escaped itself (a
     * {@code +} too, which {@link URLDecoder} would read as a space), so decoding as ISO-8859-1 gives the bytes one
     * to one; they must then be valid UTF-8.
     */
    static String reference(String raw) {
        if (MALFORMED_ESCAPE.matcher(raw).find()) {
            return null;
        }
        StringBuilder escaped = new StringBuilder();
        raw.codePoints()
                .forEach(c -> escaped.append(
                        c == '%'
                                ? "%"
                                : URLEncoder.encode(Character.toString(c), StandardCharsets.UTF_8)
                                        .replace("+", "%20")));
        byte[] bytes = URLDecoder.decode(escaped.toString(), StandardCharsets.ISO_8859_1)
                .getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
