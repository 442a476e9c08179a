package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The {@link Setting} parsers: any text from a command line, config file, environment or context parameter gives a
 * value or an {@link IllegalArgumentException} with a message, never anything else.
 */
class SettingParsingFuzzTest {
    private static final List<Setting<?>> SETTINGS = List.of(
            Setting.flag("flag", false, "a flag"),
            Setting.integer("integer", 0, "an int"),
            Setting.string("string", "", "a string"),
            Setting.list("list", List.of(), "a list"),
            Setting.duration("duration", Duration.ZERO, "a duration"),
            Setting.size("size", 0, "a size"),
            Setting.path("path", "a path"),
            Settings.MAX_BODY_SIZE,
            Settings.TRUSTED_PROXIES);

    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void parse(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        for (Setting<?> setting : SETTINGS) {
            Object value;
            try {
                value = setting.parse(raw);
            } catch (IllegalArgumentException e) {
                assertNotNull(e.getMessage(), setting.name());
                assertFalse(e.getMessage().isBlank(), setting.name());
                continue;
            }
            assertNotNull(value, setting.name());
            if (value instanceof Long size) {
                assertTrue(size >= 0, () -> setting.name() + " " + size);
            }
            if (value instanceof Duration duration) {
                assertFalse(duration.isNegative(), () -> setting.name() + " " + duration);
            }
            if (value instanceof List<?> list) {
                assertTrue(
                        list.stream()
                                .allMatch(item -> !((String) item).isBlank()
                                        && ((String) item).strip().equals(item)),
                        () -> setting.name() + " " + list);
            }
        }
    }
}
