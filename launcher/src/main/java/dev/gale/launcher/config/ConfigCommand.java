package dev.gale.launcher.config;

import dev.gale.web.Setting;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar launcher.jar config nginx|haproxy --upstreams=127.0.0.1:8000-8003 ...}: prints a configuration
 * for a proxy in front of the application's processes.
 */
public final class ConfigCommand {
    private static final List<String> KINDS = List.of("nginx", "haproxy");

    private ConfigCommand() {}

    /**
     * Prints the configuration and returns 0, or prints one line on {@code err} and returns 2.
     *
     * @param args what follows {@code config}: the kind, then options
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !KINDS.contains(args.get(0))) {
            err.println("error: config needs one of " + String.join(", ", KINDS)
                    + " (such as: config nginx --upstreams=127.0.0.1:8000-8003)");
            return 2;
        }
        String kind = args.get(0);
        List<String> options = args.subList(1, args.size());
        if (options.contains("--help")) {
            out.print(help(kind));
            return 0;
        }
        Map<String, Object> values;
        ProxyOptions parsed;
        try {
            values = parse(options);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            parsed = ProxyOptions.of(values).checkFor(kind);
        } catch (IllegalArgumentException e) {
            err.println("error: --" + e.getMessage());
            return 2;
        }
        String command = "java -jar launcher.jar config " + kind + " " + String.join(" ", options);
        out.print(kind.equals("nginx") ? NginxConfig.render(parsed, command.strip()) : HaproxyConfig.render(parsed,
                command.strip()));
        return 0;
    }

    private static Map<String, Object> parse(List<String> options) {
        Map<String, Setting<?>> known = new LinkedHashMap<>();
        ProxyOptions.ALL.forEach(s -> known.put(s.name(), s));
        Map<String, Object> values = new LinkedHashMap<>();
        known.values().forEach(s -> values.put(s.name(), s.defaultValue()));
        for (int i = 0; i < options.size(); i++) {
            String arg = options.get(i);
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + arg + "\"");
            }
            String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).replace('-', '_');
            Setting<?> setting = known.get(name);
            if (setting == null) {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
            String raw;
            if (eq >= 0) {
                raw = arg.substring(eq + 1);
            } else if (i + 1 < options.size()) {
                raw = options.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            try {
                values.put(name, setting.parse(raw));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
            }
        }
        return values;
    }

    private static String help(String kind) {
        StringBuilder out = new StringBuilder("Usage: java -jar launcher.jar config " + kind + " --upstreams=HOST:PORT[-PORT],... [options]\n\n");
        for (Setting<?> setting : ProxyOptions.ALL) {
            String left = "  --" + setting.name() + "=" + setting.typeName().toUpperCase(Locale.ROOT);
            String fallback = setting.defaultText().isEmpty() ? "" : " (default: " + setting.defaultText() + ")";
            out.append(String.format("%-28s %s%s%n", left, setting.help(), fallback));
        }
        return out.toString();
    }
}
