package dev.gale.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Splits {@code --name=value}, {@code --name value} and a flag given as {@code --name} alone, in the spirit of
 * {@code tornado.options}; dashes and underscores in names are the same.
 */
final class CommandLine {
    private CommandLine() {}

    /**
     * The raw value of each option given; a flag given alone is {@code "true"}.
     *
     * @param isFlag whether a known option is a boolean
     * @param isKnown whether an option exists
     * @throws StartupException naming the first option that is unknown, lacks a value or is not an option at all
     */
    static Map<String, String> parse(List<String> args, Predicate<String> isKnown, Predicate<String> isFlag)
            throws StartupException {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw StartupException.usage("unexpected argument " + quote(arg) + " (options look like --port=8888)");
            }
            int eq = arg.indexOf('=');
            String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).replace('-', '_');
            if (!isKnown.test(name)) {
                throw StartupException.usage("unknown option --" + name + " (see --help)");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (isFlag.test(name)) {
                value = "true";
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw StartupException.usage("--" + name + " needs a value");
            }
            given.put(name, value);
        }
        return given;
    }

    private static String quote(String arg) {
        return '"' + (arg.length() > 40 ? arg.substring(0, 40) + "..." : arg) + '"';
    }
}
