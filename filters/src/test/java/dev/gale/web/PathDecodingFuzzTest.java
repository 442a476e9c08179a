package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * {@link PercentDecoder#decodePath}: a path argument decodes exactly as RFC 3986 says (a {@code %} and two ASCII hex
 * digits, then UTF-8), compared with a plain reference decoder, or is a 400.
 */
class PathDecodingFuzzTest {
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

    /** The decoded text, or null where a 400 is due. */
    static String reference(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                int end = i + (Character.isHighSurrogate(c) && i + 1 < raw.length() ? 2 : 1);
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            } else if (i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(char c) {
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
