package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PercentDecoderTest {
    @Test
    void decodesAsciiHexDigitsInEitherCase() {
        assertEquals("a/b.c é", PercentDecoder.decodePath("a%2Fb%2ec%20%C3%a9"));
        assertEquals("a+b", PercentDecoder.decodePath("a+b"));
        assertEquals(Map.of("q", List.of("a b+")), PercentDecoder.parseForm("q=a+b%2B", "query string"));
    }

    @Test
    void refusesDigitsFromOtherScripts() {
        // Character.digit reads these as hex digits; percent-encoding allows only ASCII ones.
        for (String raw : List.of("%\uFF12\uFF25", "%\u0664\u0661", "%\uFF21\uFF21", "%4\uFF11")) {
            HttpError e = assertThrows(HttpError.class, () -> PercentDecoder.decodePath(raw), raw);
            assertEquals(400, e.status());
            assertThrows(HttpError.class, () -> PercentDecoder.parseForm("a=" + raw, "query string"), raw);
        }
    }
}
