package dev.gale.launcher.options;

import dev.gale.web.Setting;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The values {@link OptionParser} resolved: one per setting of its table, typed as the setting declares. */
public final class Options {
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, String> given;

    Options(Map<Setting<?>, Object> values, Map<Setting<?>, String> given) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
    }

    /**
     * The value of {@code setting}: the one a source gave, else its default (null for a path without one).
     *
     * @throws IllegalArgumentException when the setting is not in the parser's table
     */
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("--" + setting.name() + " is not an option here");
        }
        @SuppressWarnings("unchecked") // put by OptionParser as setting.parse or setting.defaultValue returned it
        T value = (T) values.get(setting);
        return value;
    }

    /** The text each option was given as, for those a source gave (the command line, environment or file). */
    public Map<Setting<?>, String> given() {
        return given;
    }
}
