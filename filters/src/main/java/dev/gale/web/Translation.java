package dev.gale.web;

import java.time.Instant;
import java.util.Map;

/**
 * The strings of one locale, as Tornado's {@code CSVLocale}: {@link #translate(String)} gives the translation of a
 * message, or the message itself when there is none.
 */
public final class Translation {
    private final String code;
    private final Map<String, Map<String, String>> byPluralForm;

    Translation(String code, Map<String, Map<String, String>> byPluralForm) {
        this.code = code;
        this.byPluralForm = Map.copyOf(byPluralForm);
    }

    /** The locale code, such as {@code zh_CN}. */
    public String code() {
        return code;
    }

    public String translate(String message) {
        return byPluralForm.getOrDefault("unknown", Map.of()).getOrDefault(message, message);
    }

    /** The plural form when {@code count} is not 1, else the singular, each translated. */
    public String translate(String singular, String plural, long count) {
        if (count != 1) {
            return byPluralForm.getOrDefault("plural", Map.of()).getOrDefault(plural, plural);
        }
        return byPluralForm.getOrDefault("singular", Map.of()).getOrDefault(singular, singular);
    }

    /** {@code date} as Tornado's {@code format_date} writes it, in UTC: "3 minutes ago", "yesterday at 1:22 pm". */
    public String formatDate(Instant date) {
        return RelativeDate.format(this, date, Instant.now());
    }
}
