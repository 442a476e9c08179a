package dev.gale.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gale.web.FuzzBudget;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** {@link SignedValue#decode}: any cookie a client sends reads as a value or as empty, never as an exception. */
class SignedValueFuzzTest {
    /** The seeds in SignedValueFuzzTestInputs were signed with these secrets at this time. */
    private static final String SECRET_1 = "fuzzing-secret-version-1-0123456789abcdef";

    private static final String SECRET_2 = "fuzzing-secret-version-2-0123456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final SignedValue SIGNER = new SignedValue(Map.of(1, SECRET_1, 2, SECRET_2), 2, CLOCK);

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void decode(byte[] input) {
        String cookie = new String(input, StandardCharsets.UTF_8);
        Optional<String> value = SIGNER.decode("user", cookie, 31);
        if (value.isPresent()) {
            assertTrue(cookie.startsWith("2|"), cookie);
            assertTrue(cookie.length() <= 4096, cookie);
            // Only a value someone with the secret signed reads; signing it again must read back the same.
            assertEquals(value, SIGNER.decode("user", SIGNER.create("user", value.get()), 31));
        }
        SIGNER.decode(cookie, cookie, 0);
        SIGNER.decode("user", cookie, -1);

        // Any text signed under any name reads back as itself.
        if (cookie.length() < 600) {
            String name = cookie.substring(
                    0, cookie.offsetByCodePoints(0, Math.min(8, cookie.codePointCount(0, cookie.length()))));
            assertEquals(
                    Optional.of(cookie),
                    SIGNER.decode(name, SIGNER.create(name, cookie), 31),
                    () -> "round trip of " + cookie);
        }
    }
}
