package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link ReverseTemplate}: any route pattern is accepted or explained, and expanding it either gives a path or an
 * {@link IllegalArgumentException} naming the route. The input's first line is the pattern, the others arguments.
 */
class ReverseTemplateFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void reverse(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
        ReverseTemplate template = ReverseTemplate.of(lines[0]);
        Object[] args = Arrays.copyOfRange(lines, 1, lines.length, Object[].class);
        String path;
        try {
            path = template.expand("fuzzed", args);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("Route fuzzed "), e::getMessage);
            return;
        }
        assertEquals(path, template.expand("fuzzed", args));
        if (lines[0].chars().noneMatch(c -> c <= ' ' || c == '?' || c == '#' || c == '%' || c >= 0x7f)) {
            // Arguments are percent-encoded: none can end the path or start a query or fragment.
            assertTrue(path.chars().noneMatch(c -> c <= ' ' || c == '?' || c == '#' || c >= 0x7f), path);
            for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
                assertTrue(
                        i + 2 < path.length() && isUpperHex(path.charAt(i + 1)) && isUpperHex(path.charAt(i + 2)),
                        path);
            }
        }
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
