package dev.gale.launcher.options;

import dev.gale.web.Setting;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Reads the values of a table of settings, in the spirit of {@code tornado.options}: {@code --name=value},
 * {@code --name value}, and a flag alone for true; dashes and underscores in names are the same. Sources, lowest
 * first: the defaults, a config file of {@code name = value} lines, the environment ({@code GALE_NAME}), the
 * command line. The launcher reads all of them; a command reads its command line only.
 *
 * <p>Every error is one line naming the option and where its value came from, in a {@link StartupException} with
 * exit status 2.
 */
public final class OptionParser {
    private final Map<String, Setting<?>> known;
    private final String unknownHint;
    private final Map<String, String> environment;
    private final Setting<Path> configFile;
    private final List<Setting<?>> commandLineOnly;
    private final List<Setting<Boolean>> actions;
    private final boolean skipUnknown;

    private OptionParser(
            Map<String, Setting<?>> known,
            String unknownHint,
            Map<String, String> environment,
            Setting<Path> configFile,
            List<Setting<?>> commandLineOnly,
            List<Setting<Boolean>> actions,
            boolean skipUnknown) {
        this.known = known;
        this.skipUnknown = skipUnknown;
        this.unknownHint = unknownHint;
        this.environment = environment;
        this.configFile = configFile;
        this.commandLineOnly = commandLineOnly;
        this.actions = actions;
    }

    /** A parser of {@code settings} from the command line alone. */
    public OptionParser(List<? extends Setting<?>> settings) {
        this(table(settings), "see --help", Map.of(), null, List.of(), List.of(), false);
    }

    private static Map<String, Setting<?>> table(List<? extends Setting<?>> settings) {
        Map<String, Setting<?>> known = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            if (known.put(setting.name(), setting) != null) {
                throw new IllegalArgumentException("two options named " + setting.name());
            }
        }
        return known;
    }

    /** Also reads {@code GALE_NAME} (or the variable a setting names) from {@code variables}. */
    public OptionParser withEnvironment(Map<String, String> variables) {
        return new OptionParser(
                known, unknownHint, Map.copyOf(variables), configFile, commandLineOnly, actions, skipUnknown);
    }

    /**
     * Also reads the file that {@code file} names on the command line or in the environment; {@code commandLineOnly}
     * are options such a file may not hold.
     */
    public OptionParser withConfigFile(Setting<Path> file, List<? extends Setting<?>> commandLineOnly) {
        return new OptionParser(
                known, unknownHint, environment, file, List.copyOf(commandLineOnly), actions, skipUnknown);
    }

    /**
     * Flags such as {@code --help} that, given on the command line, make the other values moot: they are then
     * neither read nor checked, only the command line's syntax is.
     */
    public OptionParser withActions(List<Setting<Boolean>> flags) {
        return new OptionParser(
                known, unknownHint, environment, configFile, commandLineOnly, List.copyOf(flags), skipUnknown);
    }

    /**
     * Reads the options of the table and passes over every other argument, on the command line and in the config
     * file: for a first look at a few options (where the application is) before the table is complete. An unknown
     * {@code --name} followed by an argument that is not an option takes it as its value.
     */
    public OptionParser skippingUnknown() {
        return new OptionParser(known, unknownHint, environment, configFile, commandLineOnly, actions, true);
    }

    /** Names the options of {@code command} in the line about an unknown one, for commands without many. */
    public OptionParser forCommand(String command) {
        String takes = command + " takes "
                + known.keySet().stream().map(name -> "--" + name).collect(Collectors.joining(", "));
        return new OptionParser(known, takes, environment, configFile, commandLineOnly, actions, skipUnknown);
    }

    /**
     * Resolves every setting of the table.
     *
     * @throws StartupException with status 2, naming the first option that is unknown, lacks a value or does not
     *     parse, or an argument that is not an option
     */
    public Options parse(List<String> args) throws StartupException {
        Map<Setting<?>, String> commandLine = commandLine(args);
        for (Setting<Boolean> action : actions) {
            if (commandLine.containsKey(action)) {
                return defaults(Map.of(action, true), Map.of(action, commandLine.get(action)));
            }
        }
        ConfigFile file = readConfigFile(commandLine);

        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<Setting<?>, String> given = new LinkedHashMap<>();
        for (Setting<?> setting : known.values()) {
            String where;
            String raw;
            if (commandLine.containsKey(setting)) {
                where = "--" + setting.name();
                raw = commandLine.get(setting);
            } else if (fromEnvironment(setting) != null) {
                where = setting.environmentVariable() + " (" + setting.name() + ")";
                raw = fromEnvironment(setting);
            } else if (file.values().containsKey(setting)) {
                where = file.path() + " (" + setting.name() + ")";
                raw = file.values().get(setting);
            } else {
                values.put(setting, setting.defaultValue());
                continue;
            }
            values.put(setting, parse(setting, raw, where));
            given.put(setting, raw);
        }
        return new Options(values, given);
    }

    private Options defaults(Map<Setting<?>, Object> values, Map<Setting<?>, String> given) {
        Map<Setting<?>, Object> all = new LinkedHashMap<>();
        known.values().forEach(setting -> all.put(setting, setting.defaultValue()));
        all.putAll(values);
        return new Options(all, given);
    }

    /** The raw value of each option on the command line; a flag given alone is {@code "true"}. */
    private Map<Setting<?>, String> commandLine(List<String> args) throws StartupException {
        Map<Setting<?>, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (skipUnknown && !known.containsKey(nameOf(arg))) {
                boolean valueFollows = arg.startsWith("--")
                        && arg.indexOf('=') < 0
                        && i + 1 < args.size()
                        && !args.get(i + 1).startsWith("--");
                i += valueFollows ? 1 : 0;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw StartupException.usage(
                        "unexpected argument " + quote(arg) + " (options look like " + example() + ")");
            }
            int eq = arg.indexOf('=');
            String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).replace('-', '_');
            Setting<?> setting = known.get(name);
            if (setting == null) {
                throw StartupException.unknown("unknown option --" + name + " (" + unknownHint + ")");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (setting.isFlag()) {
                value = "true";
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw StartupException.usage("--" + name + " needs a value");
            }
            given.put(setting, value);
        }
        return given;
    }

    /** The option an argument names, dashes as underscores: {@code --max-threads=9} names {@code max_threads}. */
    private static String nameOf(String arg) {
        if (!arg.startsWith("--")) {
            return "";
        }
        int eq = arg.indexOf('=');
        return (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).replace('-', '_');
    }

    /** The first option with its default, or its type when it has none: {@code --port=8888}. */
    private String example() {
        Setting<?> first = known.values().iterator().next();
        String value = first.defaultValue() == null || first.defaultText().equals("none")
                ? first.typeName().toUpperCase(Locale.ROOT)
                : first.defaultText();
        return "--" + first.name() + "=" + value;
    }

    private String fromEnvironment(Setting<?> setting) {
        return environment.get(setting.environmentVariable());
    }

    /** The values of a config file, and its path to name it by. */
    private record ConfigFile(Path path, Map<Setting<?>, String> values) {
        static final ConfigFile NONE = new ConfigFile(null, Map.of());
    }

    private ConfigFile readConfigFile(Map<Setting<?>, String> commandLine) throws StartupException {
        String raw = configFile == null ? null : commandLine.getOrDefault(configFile, fromEnvironment(configFile));
        if (raw == null) {
            return ConfigFile.NONE;
        }
        Path file = parse(configFile, raw, "--" + configFile.name());
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw StartupException.usage("--" + configFile.name() + ": cannot read " + file + ": " + e.getMessage());
        }
        Map<Setting<?>, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String name = key.strip().replace('-', '_');
            Setting<?> setting = known.getOrDefault(name, byEnvironmentVariable(key.strip()));
            if (setting == null && skipUnknown) {
                continue;
            }
            if (setting == null || commandLineOnly.contains(setting)) {
                throw StartupException.unknown(file + ": unknown option " + name);
            }
            values.put(setting, unquote(properties.getProperty(key).strip()));
        }
        return new ConfigFile(file, values);
    }

    /**
     * The setting read from environment variable {@code variable}, such as {@code COOKIE_SECRET}: so one file of
     * {@code COOKIE_SECRET=...} lines is both a systemd {@code EnvironmentFile=} and a config file.
     */
    private Setting<?> byEnvironmentVariable(String variable) {
        return known.values().stream()
                .filter(setting -> variable.equals(setting.environmentVariable()))
                .findFirst()
                .orElse(null);
    }

    private static <T> T parse(Setting<T> setting, String raw, String where) throws StartupException {
        try {
            return setting.parse(raw);
        } catch (IllegalArgumentException e) {
            throw StartupException.usage(where + ": " + e.getMessage());
        }
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'")));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    private static String quote(String arg) {
        return '"' + (arg.length() > 40 ? arg.substring(0, 40) + "..." : arg) + '"';
    }
}
