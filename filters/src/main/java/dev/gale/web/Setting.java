package dev.gale.web;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named, typed option with a default and a line of help, declared once and read from every source: code, the
 * command line, a config file, the environment and servlet context parameters.
 *
 * <p>Names keep Tornado's spelling ({@code static_path}, {@code cookie_secret}). The environment variable is
 * {@code GALE_} followed by the upper-cased name unless the setting names another one.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([kKmMgG])?");

    private final String name;
    private final String typeName;
    private final Function<String, T> parser;
    private final T defaultValue;
    private final String defaultText;
    private final String help;
    private final String environmentVariable;
    private final Function<Settings, T> derivedDefault;

    private Setting(
            String name,
            String typeName,
            Function<String, T> parser,
            T defaultValue,
            String defaultText,
            String help,
            String environmentVariable,
            Function<Settings, T> derivedDefault) {
        this.name = name;
        this.typeName = typeName;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.help = help;
        this.environmentVariable = environmentVariable;
        this.derivedDefault = derivedDefault;
    }

    /**
     * A boolean: {@code true}/{@code false}, {@code yes}/{@code no}, {@code 1}/{@code 0}; alone on a command line it is
     * true.
     */
    public static Setting<Boolean> flag(String name, boolean defaultValue, String help) {
        return new Setting<>(
                name, "bool", Setting::parseBoolean, defaultValue, String.valueOf(defaultValue), help, null, null);
    }

    /** A boolean whose default follows another setting, such as {@code serve_traceback} following {@code debug}. */
    public static Setting<Boolean> flagFollowing(String name, Setting<Boolean> leader, String help) {
        return new Setting<>(
                name,
                "bool",
                Setting::parseBoolean,
                null,
                "the value of " + leader.name(),
                help,
                null,
                settings -> settings.get(leader));
    }

    /**
     * A boolean whose default is the opposite of another setting, such as {@code static_hash_cache} to {@code debug}.
     */
    public static Setting<Boolean> flagOpposing(String name, Setting<Boolean> leader, String help) {
        return new Setting<>(
                name,
                "bool",
                Setting::parseBoolean,
                null,
                "the opposite of " + leader.name(),
                help,
                null,
                settings -> !settings.get(leader));
    }

    public static Setting<Integer> integer(String name, int defaultValue, String help) {
        return new Setting<>(
                name, "int", Setting::parseInteger, defaultValue, String.valueOf(defaultValue), help, null, null);
    }

    /** A string; an empty default is shown as "none" in help. */
    public static Setting<String> string(String name, String defaultValue, String help) {
        return new Setting<>(
                name,
                "string",
                Function.identity(),
                defaultValue,
                defaultValue.isEmpty() ? "none" : defaultValue,
                help,
                null,
                null);
    }

    /** A comma-separated list; blank items are dropped. */
    public static Setting<List<String>> list(String name, List<String> defaultValue, String help) {
        return new Setting<>(
                name,
                "list",
                Setting::parseList,
                List.copyOf(defaultValue),
                defaultValue.isEmpty() ? "none" : String.join(",", defaultValue),
                help,
                null,
                null);
    }

    /** A duration such as {@code 10s}, {@code 500ms}, {@code 2m} or {@code 1h}; a bare number is seconds. */
    public static Setting<Duration> duration(String name, Duration defaultValue, String help) {
        return new Setting<>(
                name, "duration", Setting::parseDuration, defaultValue, format(defaultValue), help, null, null);
    }

    /** A number of bytes: {@code 52428800}, or with a suffix {@code 512k}, {@code 50m}, {@code 1g}. */
    public static Setting<Long> size(String name, long defaultValue, String help) {
        return new Setting<>(
                name, "size", Setting::parseSize, defaultValue, String.valueOf(defaultValue), help, null, null);
    }

    /** A file system path, or none. */
    public static Setting<Path> path(String name, String help) {
        return new Setting<>(name, "path", Setting::parsePath, null, "none", help, null, null);
    }

    /** The same setting with another default. */
    public Setting<T> withDefault(T value) {
        return new Setting<>(name, typeName, parser, value, String.valueOf(value), help, environmentVariable, null);
    }

    /** The same setting, read from {@code variable} in the environment instead of {@code GALE_NAME}. */
    public Setting<T> withEnvironmentVariable(String variable) {
        return new Setting<>(name, typeName, parser, defaultValue, defaultText, help, variable, derivedDefault);
    }

    public String name() {
        return name;
    }

    /** The type's name as shown by {@code --help}: bool, int, string, list, duration, size or path. */
    public String typeName() {
        return typeName;
    }

    public boolean isFlag() {
        return typeName.equals("bool");
    }

    /** The default, or null when it follows another setting or there is none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default computed from other settings, or null when the default is fixed. */
    Function<Settings, T> derivedDefault() {
        return derivedDefault;
    }

    public String defaultText() {
        return defaultText;
    }

    public String help() {
        return help;
    }

    public String environmentVariable() {
        return environmentVariable != null ? environmentVariable : "GALE_" + name.toUpperCase(Locale.ROOT);
    }

    /**
     * Parses a raw value.
     *
     * @throws IllegalArgumentException with a message that quotes the value and says what was expected
     */
    public T parse(String raw) {
        return parser.apply(raw.strip());
    }

    @Override
    public String toString() {
        return name;
    }

    private static Boolean parseBoolean(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(quote(raw) + " is not a boolean (use true or false)");
        };
    }

    private static Integer parseInteger(String raw) {
        try {
            return Integer.valueOf(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(raw) + " is not an integer");
        }
    }

    private static List<String> parseList(String raw) {
        return Arrays.stream(raw.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static Duration parseDuration(String raw) {
        Matcher m = DURATION.matcher(raw);
        if (!m.matches()) {
            throw new IllegalArgumentException(quote(raw) + " is not a duration (such as 10s, 500ms, 2m)");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(raw) + " is too long a duration");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(quote(raw) + " is too long a duration");
        }
    }

    private static Long parseSize(String raw) {
        Matcher m = SIZE.matcher(raw);
        if (!m.matches()) {
            throw new IllegalArgumentException(quote(raw) + " is not a size (such as 52428800, 512k, 50m, 1g)");
        }
        long factor = switch (m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(quote(raw) + " is too large a size");
        }
    }

    private static Path parsePath(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("the path is empty");
        }
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(quote(raw) + " is not a valid path");
        }
    }

    private static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }

    private static String quote(String raw) {
        String shown = raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
        return '"' + shown + '"';
    }
}
