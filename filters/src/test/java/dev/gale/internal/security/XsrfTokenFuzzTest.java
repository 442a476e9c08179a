package dev.gale.internal.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gale.web.FuzzBudget;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@link XsrfToken#decode}: any {@code _xsrf} cookie or field reads as a token or as empty, never as an exception. */
class XsrfTokenFuzzTest {
    private static final XsrfToken OTHER = XsrfToken.generate(1_700_000_000L);

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void decode(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        Optional<XsrfToken> token = XsrfToken.decode(value, 1_700_000_000L);
        if (token.isPresent()) {
            XsrfToken read = token.get();
            assertTrue(read.matches(read));
            String masked = read.masked();
            assertTrue(
                    XsrfToken.decode(masked, 0)
                            .orElseThrow(() -> new AssertionError(masked))
                            .matches(read),
                    masked);
            assertFalse(read.matches(OTHER) && !OTHER.matches(read), "matching is not symmetric");
        }
    }
}
