package dev.gale.launcher.options;

import dev.gale.web.Setting;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The rows of {@code --help}: a name in a column of its own, then what it does; the same for commands and options. */
public final class OptionHelp {
    private static final int NAME_COLUMN = 31;

    private OptionHelp() {}

    /** One row: {@code name} indented and padded, then {@code text}. */
    public static String row(String name, String text) {
        return String.format("%-" + NAME_COLUMN + "s %s%n", "  " + name, text);
    }

    /**
     * A row per setting: {@code --name=TYPE} ({@code --name} for a flag), its help and its default, except for
     * {@code actions}, flags such as {@code --help} that do something rather than set something.
     */
    public static String rows(List<? extends Setting<?>> settings, Collection<? extends Setting<?>> actions) {
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : settings) {
            String name = "--" + setting.name()
                    + (setting.isFlag() ? "" : "=" + setting.typeName().toUpperCase(Locale.ROOT));
            String fallback = actions.contains(setting) ? "" : " (default: " + setting.defaultText() + ")";
            out.append(row(name, setting.help() + fallback));
        }
        return out.toString();
    }
}
