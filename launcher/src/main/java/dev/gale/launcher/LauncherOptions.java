package dev.gale.launcher;

import dev.gale.internal.filters.ForwardedRule;
import dev.gale.internal.filters.TrustedProxies;
import dev.gale.internal.security.SecretPolicy;
import dev.gale.internal.security.SignedValue;
import dev.gale.launcher.options.OptionHelp;
import dev.gale.launcher.options.OptionParser;
import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.StartupException;
import dev.gale.launcher.os.LaunchedAs;
import dev.gale.launcher.server.AcceptBacklog;
import dev.gale.launcher.server.ServerConfig;
import dev.gale.launcher.server.WebApp;
import dev.gale.web.Setting;
import dev.gale.web.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * The launcher's options and the application's settings, resolved from, lowest first: defaults, the
 * {@code --config} file, the environment ({@code GALE_PORT}, ...), then the command line.
 */
final class LauncherOptions {
    static final Setting<Integer> PORT = Setting.integer("port", 8888, "Port to listen on; 0 picks a free one");
    static final Setting<String> ADDRESS =
            Setting.string("address", "", "Address to listen on; all interfaces when none");
    static final Setting<Path> CONFIG =
            Setting.path("config", "File of name = value lines, read before the environment and the command line");
    static final Setting<String> LOGGING =
            Setting.string("logging", "info", "Log level: debug, info, warning, error or none");
    static final Setting<Path> WEBROOT = Setting.path(
            "webroot", "Web application directory to serve, as APP does; none: APP, or the class path's application");
    static final Setting<String> APPLICATION = Setting.string(
            "application",
            "",
            "ApplicationProvider class to run when there are several; none: the one in META-INF/services");
    static final Setting<String> CLASSPATH = Setting.string(
            "classpath",
            "",
            "More class directories and jars for the application, separated by " + java.io.File.pathSeparator
                    + ", ahead of WEB-INF's");
    static final Setting<Long> MAX_HEADER_SIZE =
            Setting.size("max_header_size", 16384, "Largest request line and headers in bytes; larger get 431");
    static final Setting<Duration> IDLE_TIMEOUT = Setting.duration(
            "idle_timeout", Duration.ofSeconds(30), "Close a connection that sends or reads nothing for this long");
    static final Setting<Integer> MAX_THREADS = Setting.integer(
            "max_threads", 200, "Most threads running requests; bodies and large static files move without one");
    static final Setting<Boolean> VIRTUAL_THREADS = Setting.flag(
            "virtual_threads",
            false,
            "Run requests on virtual threads (Java 21+), with no limit on how many block at once");
    static final Setting<Integer> PROCESSES =
            Setting.integer("processes", 1, "Number of server processes sharing the port; 0 for one per CPU");
    static final Setting<Boolean> DISTINCT_PORTS = Setting.flag(
            "distinct_ports", false, "With --processes, give each process its own port: port, port+1, ...");
    static final Setting<Boolean> REUSE_PORT =
            Setting.flag("reuse_port", false, "Bind with SO_REUSEPORT so several launchers can share the port");
    static final Setting<Integer> BACKLOG = Setting.integer(
            "backlog",
            AcceptBacklog.systemMaximum(),
            "Connections the kernel queues before the server accepts them (default: net.core.somaxconn, its cap)");
    static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration(
            "shutdown_timeout", Duration.ofSeconds(10), "On SIGTERM, how long requests in flight may take to finish");
    static final Setting<Duration> DRAIN_DELAY = Setting.duration(
            "drain_delay",
            Duration.ZERO,
            "On SIGTERM, how long to serve on with /_gale/ready answering 503 before the listener closes, so "
                    + "balancers and Kubernetes stop sending first; a second SIGTERM or SIGINT ends it");
    static final Setting<Boolean> HELP = Setting.flag("help", false, "Print this help and exit (also -h)");
    static final Setting<Boolean> VERSION =
            Setting.flag("version", false, "Print the versions of Gale, Jetty and Java");

    private static final List<Setting<?>> LAUNCHER = List.of(
            PORT,
            ADDRESS,
            WEBROOT,
            APPLICATION,
            CLASSPATH,
            CONFIG,
            LOGGING,
            PROCESSES,
            DISTINCT_PORTS,
            REUSE_PORT,
            BACKLOG,
            DRAIN_DELAY,
            SHUTDOWN_TIMEOUT,
            MAX_HEADER_SIZE,
            IDLE_TIMEOUT,
            MAX_THREADS,
            VIRTUAL_THREADS,
            HELP,
            VERSION);
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warning", "error", "none");

    private final Options values;
    private final Map<String, String> applicationSettings;

    private LauncherOptions(Options values, Map<String, String> applicationSettings) {
        this.values = values;
        this.applicationSettings = applicationSettings;
    }

    /**
     * Resolves every option.
     *
     * @param environment the process environment
     * @throws StartupException with status 2 and a line naming the option when one is unknown or does not parse
     */
    static LauncherOptions parse(List<String> args, Map<String, String> environment) throws StartupException {
        return parse(args, environment, List.of());
    }

    /**
     * Resolves every option, the application's own among them.
     *
     * @param applicationOptions the options the application declares
     * @throws StartupException with status 2 and a line naming the option when one is unknown or does not parse, or
     *     when the application declares an option the launcher has too
     */
    static LauncherOptions parse(
            List<String> args, Map<String, String> environment, List<Setting<?>> applicationOptions)
            throws StartupException {
        OptionParser parser;
        try {
            parser = new OptionParser(all(applicationOptions));
        } catch (IllegalArgumentException e) {
            throw StartupException.usage(
                    "the application declares " + e.getMessage().replace("two options named ", "--")
                            + ", which is an option of the launcher; give it another name");
        }
        Options values = parser.withEnvironment(environment)
                .withConfigFile(CONFIG, List.of(CONFIG, HELP, VERSION))
                .withActions(List.of(HELP, VERSION))
                .parse(args);
        Map<String, String> applicationSettings = new LinkedHashMap<>();
        values.given().forEach((setting, raw) -> {
            if (!LAUNCHER.contains(setting)) {
                applicationSettings.put(setting.name(), raw);
            }
        });
        LauncherOptions options = new LauncherOptions(values, applicationSettings);
        if (!options.helpRequested() && !options.versionRequested()) {
            options.check();
        }
        return options;
    }

    /**
     * Where the application is: {@code --webroot}, {@code --classpath} and {@code --application} from every source,
     * every other option passed over; read before the rest, whose table holds the application's options.
     *
     * @throws StartupException when one of these does not parse; the full parse says the same
     */
    static Options whereTheApplicationIs(List<String> args, Map<String, String> environment) throws StartupException {
        return new OptionParser(List.of(WEBROOT, APPLICATION, CLASSPATH, CONFIG))
                .withEnvironment(environment)
                .withConfigFile(CONFIG, List.of(CONFIG))
                .skippingUnknown()
                .parse(args);
    }

    /** The launcher's options, then the application's settings: the table the command line is read with. */
    static List<Setting<?>> all() {
        return all(List.of());
    }

    /** The launcher's options, Gale's application settings, then the application's own options. */
    static List<Setting<?>> all(List<Setting<?>> applicationOptions) {
        List<Setting<?>> all = new ArrayList<>(LAUNCHER);
        all.addAll(Settings.declared());
        all.addAll(applicationOptions);
        return all;
    }

    /** The text {@code --help} prints without an application: the commands, then Gale's options. */
    static String helpText() {
        return helpText(List.of(), "");
    }

    /**
     * The text {@code --help} prints: the commands, Gale's options, then the application's, each with its type, help
     * and default.
     *
     * @param missing why the application's options cannot be listed, or empty when they are
     */
    static String helpText(List<Setting<?>> applicationOptions, String missing) {
        String jar = LaunchedAs.jarName();
        String app = LaunchedAs.executableWar().isPresent() ? "" : " APP";
        StringBuilder out = new StringBuilder("Usage: java -jar " + jar + app + " [--name=value ...]\n"
                + "       java -jar " + jar + " COMMAND [--help]\n\n");
        if (!app.isEmpty()) {
            out.append("APP is a Gale WAR or a web application directory (WEB-INF/classes, WEB-INF/lib).\n\n");
        }
        out.append("Commands:\n");
        Commands.ALL.forEach((name, summary) -> out.append(OptionHelp.row(name, summary)));
        out.append("\nOptions:\n");
        out.append(OptionHelp.rows(all(), List.of(HELP, VERSION)));
        if (!applicationOptions.isEmpty()) {
            out.append("\nOptions of the application:\n");
            out.append(OptionHelp.rows(applicationOptions, List.of()));
        }
        if (!missing.isEmpty()) {
            out.append("\nThe application's own options are missing: ")
                    .append(missing)
                    .append('\n');
        }
        out.append("\nA flag alone means true (--debug); --name value works too. Every option can also be set in\n"
                + "the --config file as name = value, or in the environment as GALE_NAME (upper case).\n");
        return out.toString();
    }

    boolean helpRequested() {
        return values.get(HELP);
    }

    boolean versionRequested() {
        return values.get(VERSION);
    }

    /** The {@code --application} class, or empty. */
    String application() {
        return values.get(APPLICATION).strip();
    }

    /** The {@code --classpath} entries. */
    List<Path> classPath() {
        return WebApp.parseClassPath(values.get(CLASSPATH));
    }

    int port() {
        return values.get(PORT);
    }

    /** The address to bind, or empty for all interfaces. */
    String address() {
        return values.get(ADDRESS);
    }

    /** The web root given with {@code --webroot}, if any. */
    Optional<Path> webroot() {
        return Optional.ofNullable(values.get(WEBROOT));
    }

    String logging() {
        return values.get(LOGGING).toLowerCase(Locale.ROOT);
    }

    /** The forwarded-headers rule when {@code --xheaders} is on. */
    Optional<ForwardedRule> xheaders() {
        if (!values.get(Settings.XHEADERS)) {
            return Optional.empty();
        }
        Settings settings = Settings.read(setting -> applicationSettings.get(setting.name()));
        return Optional.of(new ForwardedRule(
                TrustedProxies.parseSetting(Settings.TRUSTED_PROXIES.name(), settings.get(Settings.TRUSTED_PROXIES)),
                values.get(Settings.XHEADERS_HOST)));
    }

    /** The number of processes, 0 resolved to the number of CPUs. */
    int processes() {
        int processes = values.get(PROCESSES);
        return processes == 0 ? Runtime.getRuntime().availableProcessors() : processes;
    }

    /** {@code --autoreload}, or {@code --debug} when it is not given. */
    boolean autoreload() {
        return Settings.read(setting -> applicationSettings.get(setting.name())).get(Settings.AUTORELOAD);
    }

    /** Whether error pages show tracebacks: {@code --serve_traceback}, or {@code --debug} when it is not given. */
    boolean serveTraceback() {
        return Settings.read(setting -> applicationSettings.get(setting.name())).serveTraceback();
    }

    boolean distinctPorts() {
        return values.get(DISTINCT_PORTS);
    }

    boolean reusePort() {
        return values.get(REUSE_PORT);
    }

    Duration shutdownTimeout() {
        return values.get(SHUTDOWN_TIMEOUT);
    }

    Duration drainDelay() {
        return values.get(DRAIN_DELAY);
    }

    int maxHeaderSize() {
        return (int) Math.min(Integer.MAX_VALUE, values.get(MAX_HEADER_SIZE));
    }

    Duration idleTimeout() {
        return values.get(IDLE_TIMEOUT);
    }

    int maxThreads() {
        return values.get(MAX_THREADS);
    }

    boolean virtualThreads() {
        return values.get(VIRTUAL_THREADS);
    }

    /** What the server is built from, with the application settings as they are now. */
    ServerConfig serverConfig() {
        return new ServerConfig(
                address(),
                port(),
                reusePort(),
                values.get(BACKLOG),
                idleTimeout(),
                maxHeaderSize(),
                maxThreads(),
                virtualThreads(),
                drainDelay(),
                shutdownTimeout(),
                autoreload(),
                xheaders(),
                application(),
                applicationSettings);
    }

    /**
     * Makes a random {@code cookie_secret} for this run when none is given, so every process the launcher starts
     * shares it.
     *
     * @return whether one was made
     */
    boolean generateSecretIfMissing() {
        if (applicationSettings.containsKey(Settings.COOKIE_SECRET.name())
                || applicationSettings.containsKey(Settings.COOKIE_SECRETS.name())) {
            return false;
        }
        applicationSettings.put(Settings.COOKIE_SECRET.name(), SecretPolicy.generate());
        return true;
    }

    /** The application settings that were given, as raw text, for the servlet context's parameters. */
    Map<String, String> applicationSettings() {
        return applicationSettings;
    }

    private void check() throws StartupException {
        Settings given = Settings.read(setting -> applicationSettings.get(setting.name()));
        try {
            TrustedProxies.parseSetting(Settings.TRUSTED_PROXIES.name(), given.get(Settings.TRUSTED_PROXIES));
            if (!given.get(Settings.COOKIE_SECRET).isEmpty()
                    || !given.get(Settings.COOKIE_SECRETS).isEmpty()) {
                SignedValue.fromSettings(
                        given.get(Settings.COOKIE_SECRET),
                        given.get(Settings.COOKIE_SECRETS),
                        given.get(Settings.KEY_VERSION),
                        given.debug());
            }
        } catch (IllegalArgumentException e) {
            throw StartupException.usage("--" + e.getMessage());
        }
        if (values.get(BACKLOG) < 1) {
            throw StartupException.usage("--backlog: " + values.get(BACKLOG) + " is below 1");
        }
        if (maxThreads() < 8) {
            throw StartupException.usage(
                    "--max_threads: " + maxThreads() + " is below 8, which Jetty's own tasks need");
        }
        if (virtualThreads() && !VirtualThreads.areSupported()) {
            throw StartupException.usage("--virtual_threads: Java "
                    + Runtime.version().feature() + " has no virtual threads; run Java 21 or later");
        }
        int processes = values.get(PROCESSES);
        if (processes < 0 || processes > 256) {
            throw StartupException.usage("--processes: " + processes + " is not between 0 and 256");
        }
        if (autoreload() && processes() != 1) {
            throw StartupException.usage("--autoreload reloads one process; with --processes=" + processes
                    + " give --autoreload=false, or drop --processes (as Tornado's guide says)");
        }
        if (distinctPorts() && processes() > 1 && port() == 0) {
            throw StartupException.usage("--distinct_ports needs a --port to count from");
        }
        if (distinctPorts() && port() + processes() - 1 > 65535) {
            throw StartupException.usage(
                    "--distinct_ports: ports " + port() + " to " + (port() + processes() - 1) + " pass 65535");
        }
        if (maxHeaderSize() < 1024 || maxHeaderSize() > 1024 * 1024) {
            throw StartupException.usage("--max_header_size: " + maxHeaderSize() + " is not between 1k and 1m");
        }
        if (webroot().isPresent() && !Files.isDirectory(webroot().get())) {
            throw StartupException.usage("--webroot: " + webroot().get() + " is not a directory");
        }
        if (port() < 0 || port() > 65535) {
            throw StartupException.usage("--port: " + port() + " is not a port (0 to 65535)");
        }
        if (!LOG_LEVELS.contains(logging())) {
            throw StartupException.usage(
                    "--logging: \"" + logging() + "\" is not one of debug, info, warning, error, none");
        }
    }
}
