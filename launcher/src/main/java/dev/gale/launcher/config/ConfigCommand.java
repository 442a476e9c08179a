package dev.gale.launcher.config;

import dev.gale.launcher.LaunchedAs;
import dev.gale.web.Setting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar launcher.jar config nginx|haproxy --upstreams=127.0.0.1:8000-8003 ...} prints a configuration for
 * a proxy in front of the application's processes; {@code config supervisord|systemd APP --ports=8000-8003 ...} one for
 * the process manager that runs them (APP is left out when an executable WAR runs the command: it names itself).
 */
public final class ConfigCommand {
    private static final List<String> KINDS = List.of("nginx", "haproxy", "supervisord", "systemd");

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
        if (options.contains("--help") || options.contains("-h")) {
            out.print(help(kind));
            return 0;
        }
        boolean proxy = kind.equals("nginx") || kind.equals("haproxy");
        Optional<String> app = Optional.empty();
        if (!proxy && !options.isEmpty() && !options.get(0).startsWith("-")) {
            app = Optional.of(Path.of(options.get(0)).toAbsolutePath().normalize().toString());
            options = options.subList(1, options.size());
        }
        Map<String, Object> values;
        try {
            values = parse(options, proxy ? ProxyOptions.ALL : ProgramOptions.ALL);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        String madeBy = ("java -jar " + LaunchedAs.jarName() + " config " + kind + " " + app.map(a -> a + " ").orElse("")
                + String.join(" ", options)).strip();
        String text;
        try {
            text = switch (kind) {
                case "nginx" -> NginxConfig.render(ProxyOptions.of(values).checkFor(kind), madeBy);
                case "haproxy" -> HaproxyConfig.render(ProxyOptions.of(values).checkFor(kind), madeBy);
                case "supervisord" -> SupervisordConfig.render(ProgramOptions.of(values, app), madeBy);
                default -> SystemdConfig.render(ProgramOptions.of(values, app), madeBy);
            };
        } catch (IllegalArgumentException e) {
            err.println("error: --" + e.getMessage());
            return 2;
        }
        if (kind.equals("supervisord")) {
            ProgramOptions.warnAboveHardLimit(values).ifPresent(err::println);
        }
        out.print(text);
        return 0;
    }

    private static Map<String, Object> parse(List<String> options, List<Setting<?>> settings) {
        Map<String, Setting<?>> known = new LinkedHashMap<>();
        settings.forEach(s -> known.put(s.name(), s));
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
        boolean proxy = kind.equals("nginx") || kind.equals("haproxy");
        String app = LaunchedAs.executableWar().isPresent() ? "" : " APP";
        StringBuilder out = new StringBuilder("Usage: java -jar " + LaunchedAs.jarName() + " config " + kind
                + (proxy ? " --upstreams=HOST:PORT[-PORT],... [options]\n\n" : app + " [options]\n\n"));
        for (Setting<?> setting : proxy ? ProxyOptions.ALL : ProgramOptions.ALL) {
            String left = "  --" + setting.name() + "=" + setting.typeName().toUpperCase(Locale.ROOT);
            String fallback = setting.defaultText().equals("none") ? "" : " (default: " + setting.defaultText() + ")";
            out.append(String.format("%-28s %s%s%n", left, setting.help(), fallback));
        }
        return out.toString();
    }
}
