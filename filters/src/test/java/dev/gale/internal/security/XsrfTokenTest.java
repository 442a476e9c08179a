package dev.gale.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XsrfTokenTest {
    private static final long NOW = 1_700_000_000L;

    @Test
    void maskedFormsDifferEachTimeAndAllMatch() {
        XsrfToken token = XsrfToken.generate(NOW);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String masked = token.masked();
            assertTrue(masked.matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|1700000000"), masked);
            assertTrue(seen.add(masked), "repeated " + masked);
            XsrfToken read = XsrfToken.decode(masked, NOW).orElseThrow();
            assertTrue(read.matches(token), masked);
            assertTrue(token.matches(read), masked);
        }
    }

    @Test
    void differentTokensDoNotMatch() {
        XsrfToken one = XsrfToken.generate(NOW);
        XsrfToken two = XsrfToken.generate(NOW);
        assertFalse(one.matches(two));
        assertFalse(XsrfToken.decode(two.masked(), NOW).orElseThrow().matches(one));
    }

    @Test
    void maskIsAppliedAsTornadoDoes() {
        // Tornado: "2|" + hex(mask) + "|" + hex(websocket_mask(mask, token)) + "|" + timestamp
        byte[] token = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        byte[] mask = HexFormat.of().parseHex("01020304");
        byte[] masked = new byte[token.length];
        for (int i = 0; i < token.length; i++) {
            masked[i] = (byte) (token[i] ^ mask[i % 4]);
        }
        String fromTornado = "2|01020304|" + HexFormat.of().formatHex(masked) + "|1700000000";
        XsrfToken read = XsrfToken.decode(fromTornado, NOW).orElseThrow();
        XsrfToken versionOne =
                XsrfToken.decode("00112233445566778899aabbccddeeff", NOW).orElseThrow();
        assertTrue(read.matches(versionOne));
        String otherMask = "2|01020305|" + HexFormat.of().formatHex(masked) + "|1700000000";
        assertFalse(XsrfToken.decode(otherMask, NOW).orElseThrow().matches(versionOne));
    }

    @Test
    void versionOneHexIsAcceptedAndMatchesItsMaskedForms() {
        XsrfToken plain =
                XsrfToken.decode("0123456789abcdef0123456789abcdef", NOW).orElseThrow();
        String masked = plain.masked();
        assertTrue(masked.startsWith("2|"), masked);
        assertNotEquals("0123456789abcdef0123456789abcdef", masked);
        assertTrue(XsrfToken.decode(masked, NOW).orElseThrow().matches(plain));
        assertTrue(XsrfToken.decode("0123456789ABCDEF0123456789ABCDEF", NOW)
                .orElseThrow()
                .matches(plain));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2|",
                "2|||",
                "2|0102|aabb|1",
                "2|0102030|aabb|1",
                "2|01020304||1",
                "2|01020304|aabb|",
                "2|01020304|aabb|x",
                "2|01020304|aab|1",
                "2|zz020304|aabb|1",
                "2|01020304|aabb|1|",
                "2|01020304|aabb",
                "3|01020304|aabb|1",
                "10|abc",
                "not hex",
                "abc",
                "0g",
                "2|01020304|aabb|99999999999999999999",
                "\u00e9\u00e9",
                "2|01020304|\u0660\u0660|1"
            })
    void garbageIsRejected(String garbage) {
        assertEquals(Optional.empty(), XsrfToken.decode(garbage, NOW));
    }

    @Test
    void everyTokenThatIsReadHasMaskedFormsThatAreReadBack() {
        String longest = "ab".repeat(XsrfToken.LONGEST_TOKEN);
        XsrfToken read = XsrfToken.decode(longest, Long.MIN_VALUE).orElseThrow();
        String masked = read.masked();
        assertTrue(XsrfToken.decode(masked, NOW)
                .orElseThrow(() -> new AssertionError(masked))
                .matches(read));
        assertEquals(Optional.empty(), XsrfToken.decode("ab".repeat(XsrfToken.LONGEST_TOKEN + 1), NOW));
        String longMasked = "2|01020304|" + "ab".repeat(XsrfToken.LONGEST_TOKEN + 1) + "|1";
        assertEquals(Optional.empty(), XsrfToken.decode(longMasked, NOW));
    }

    @Test
    void nullAndOverlongAreRejected() {
        assertEquals(Optional.empty(), XsrfToken.decode(null, NOW));
        assertEquals(Optional.empty(), XsrfToken.decode("ab".repeat(200), NOW));
    }
}
