package dev.gale.launcher.config;

import dev.gale.launcher.options.OptionHelp;
import dev.gale.launcher.options.OptionParser;
import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.StartupException;
import dev.gale.launcher.os.LaunchedAs;
import dev.gale.web.Setting;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar launcher.jar config nginx|haproxy --upstreams=127.0.0.1:8000-8003 ...} prints a configuration for
 * a proxy in front of the application's processes; {@code config supervisord|systemd APP --ports=8000-8003 ...} one for
 * the process manager that runs them (APP is left out when an executable WAR runs the command: it names itself);
 * {@code config kubernetes --image=...} the manifests that run them in a cluster.
 */
public final class ConfigCommand {
    private static final List<String> KINDS = List.of("nginx", "haproxy", "supervisord", "systemd", "kubernetes");

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
        boolean kubernetes = kind.equals("kubernetes");
        Optional<String> app = Optional.empty();
        if (!proxy && !kubernetes && !options.isEmpty() && !options.get(0).startsWith("-")) {
            app = Optional.of(
                    Path.of(options.get(0)).toAbsolutePath().normalize().toString());
            options = options.subList(1, options.size());
        }
        Options values;
        try {
            values = new OptionParser(optionsOf(kind)).parse(options);
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        }
        String madeBy = ("java -jar " + LaunchedAs.jarName() + " config " + kind + " "
                        + app.map(a -> a + " ").orElse("") + String.join(" ", withoutSecret(options)))
                .strip();
        String text;
        List<String> notes = new ArrayList<>();
        try {
            if (kubernetes) {
                text = KubernetesConfig.render(KubernetesOptions.of(values), madeBy);
            } else if (proxy) {
                ProxyOptions proxyOptions = ProxyOptions.of(values).checkFor(kind);
                text = kind.equals("nginx")
                        ? NginxConfig.render(proxyOptions, madeBy)
                        : HaproxyConfig.render(proxyOptions, madeBy);
            } else {
                ProgramOptions programOptions = ProgramOptions.of(values, app);
                text = kind.equals("supervisord")
                        ? SupervisordConfig.render(programOptions, madeBy)
                        : SystemdConfig.render(programOptions, madeBy);
                programOptions
                        .secretFile()
                        .flatMap(file -> SecretFile.ensure(file, programOptions.cookieSecret()))
                        .ifPresent(notes::add);
                notes.addAll(programOptions.warnings());
            }
        } catch (IllegalArgumentException e) {
            err.println("error: --" + e.getMessage());
            return 2;
        }
        notes.forEach(err::println);
        if (kind.equals("supervisord")) {
            ProgramOptions.warnAboveHardLimit(values).ifPresent(err::println);
        }
        out.print(text);
        return 0;
    }

    private static List<Setting<?>> optionsOf(String kind) {
        return switch (kind) {
            case "nginx", "haproxy" -> ProxyOptions.ALL;
            case "kubernetes" -> KubernetesOptions.ALL;
            default -> ProgramOptions.ALL;
        };
    }

    /** The options as given, but the cookie secret's value, which belongs in the secret file only. */
    private static List<String> withoutSecret(List<String> options) {
        List<String> shown = new ArrayList<>();
        boolean secretNext = false;
        for (String option : options) {
            String name = option.split("=", 2)[0].replace('-', '_');
            if (secretNext) {
                shown.add("...");
            } else if (name.equals("__cookie_secret") && option.contains("=")) {
                shown.add(option.substring(0, option.indexOf('=') + 1) + "...");
            } else {
                shown.add(option);
            }
            secretNext = name.equals("__cookie_secret") && !option.contains("=");
        }
        return shown;
    }

    /** What {@code config --help} prints: the kinds. */
    public static String help() {
        String jar = "java -jar " + LaunchedAs.jarName();
        return "Usage: " + jar + " config KIND [options]   (KIND --help lists its options)\n\n"
                + "  nginx        a proxy in front of the processes: " + jar
                + " config nginx --upstreams=127.0.0.1:8000-8003\n"
                + "  haproxy      the same for HAProxy\n"
                + "  supervisord  a process group, one program per port: " + jar
                + " config supervisord --ports=8000-8003\n"
                + "  systemd      a template unit, one instance per port\n"
                + "  kubernetes   a Deployment, Service and PodDisruptionBudget: " + jar
                + " config kubernetes --image=registry/app:1.0\n";
    }

    /** What {@code config KIND --help} prints: the usage, then the options of that kind. */
    static String help(String kind) {
        boolean proxy = kind.equals("nginx") || kind.equals("haproxy");
        String app = LaunchedAs.executableWar().isPresent() ? "" : " APP";
        String usage = kind.equals("kubernetes")
                ? " --image=IMAGE [options]\n\n"
                : proxy ? " --upstreams=HOST:PORT[-PORT],... [options]\n\n" : app + " [options]\n\n";
        StringBuilder out = new StringBuilder("Usage: java -jar " + LaunchedAs.jarName() + " config " + kind + usage);
        out.append(OptionHelp.rows(optionsOf(kind), List.of()));
        return out.toString();
    }
}
