package dev.gale.launcher;

import dev.gale.filters.ForwardedRule;
import dev.gale.security.SecretPolicy;
import dev.gale.security.SignedValue;
import dev.gale.servlet.GaleInitializer;
import dev.gale.web.Setting;
import dev.gale.web.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
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
    static final Setting<String> APPLICATION = Setting.string("application", "",
            "ApplicationProvider class to run when there are several; none: the one in META-INF/services");
    static final Setting<String> CLASSPATH = Setting.string("classpath", "",
            "More class directories and jars for the application, separated by " + java.io.File.pathSeparator
                    + ", ahead of WEB-INF's");
    static final Setting<Long> MAX_HEADER_SIZE =
            Setting.size("max_header_size", 16384, "Largest request line and headers in bytes; larger get 431");
    static final Setting<Duration> IDLE_TIMEOUT = Setting.duration(
            "idle_timeout", Duration.ofSeconds(30), "Close a connection that sends or reads nothing for this long");
    static final Setting<Integer> MAX_THREADS = Setting.integer("max_threads", 200,
            "Most threads running requests; bodies and large static files move without one");
    static final Setting<Boolean> VIRTUAL_THREADS = Setting.flag("virtual_threads", false,
            "Run requests on virtual threads (Java 21+), with no limit on how many block at once");
    static final Setting<Integer> PROCESSES = Setting.integer(
            "processes", 1, "Number of server processes sharing the port; 0 for one per CPU");
    static final Setting<Boolean> DISTINCT_PORTS = Setting.flag(
            "distinct_ports", false, "With --processes, give each process its own port: port, port+1, ...");
    static final Setting<Boolean> REUSE_PORT = Setting.flag(
            "reuse_port", false, "Bind with SO_REUSEPORT so several launchers can share the port");
    static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration(
            "shutdown_timeout", Duration.ofSeconds(10), "On SIGTERM, how long requests in flight may take to finish");
    static final Setting<Boolean> HELP = Setting.flag("help", false, "Print this help and exit (also -h)");
    static final Setting<Boolean> VERSION = Setting.flag("version", false, "Print the versions of Gale, Jetty and Java");

    private static final List<Setting<?>> LAUNCHER = List.of(PORT, ADDRESS, WEBROOT, APPLICATION, CLASSPATH, CONFIG,
            LOGGING, PROCESSES, DISTINCT_PORTS, REUSE_PORT, SHUTDOWN_TIMEOUT, MAX_HEADER_SIZE, IDLE_TIMEOUT, MAX_THREADS,
            VIRTUAL_THREADS, HELP, VERSION);
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warning", "error", "none");

    private final Map<String, Object> values;
    private final Map<String, String> applicationSettings;

    private LauncherOptions(Map<String, Object> values, Map<String, String> applicationSettings) {
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
        Map<String, Setting<?>> known = new LinkedHashMap<>();
        all().forEach(s -> known.put(s.name(), s));
        Map<String, String> commandLine =
                CommandLine.parse(args, known::containsKey, name -> known.get(name).isFlag());
        for (Setting<Boolean> early : List.of(HELP, VERSION)) {
            if (commandLine.containsKey(early.name())) {
                return new LauncherOptions(Map.of(early.name(), true), Map.of());
            }
        }
        Optional<Source> config = configFile(commandLine, environment, known);

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> applicationSettings = new LinkedHashMap<>();
        for (Setting<?> setting : known.values()) {
            Source source = null;
            if (commandLine.containsKey(setting.name())) {
                source = new Source("--" + setting.name(), Map.of(setting.name(), commandLine.get(setting.name())));
            } else if (environment.containsKey(setting.environmentVariable())) {
                source = new Source(setting.environmentVariable(),
                        Map.of(setting.name(), environment.get(setting.environmentVariable())));
            } else if (config.isPresent() && config.get().values().containsKey(setting.name())) {
                source = config.get();
            }
            if (source == null) {
                values.put(setting.name(), setting.defaultValue());
                continue;
            }
            String raw = source.values().get(setting.name());
            values.put(setting.name(), source.parse(setting, raw));
            if (!LAUNCHER.contains(setting)) {
                applicationSettings.put(setting.name(), raw);
            }
        }
        LauncherOptions options = new LauncherOptions(values, applicationSettings);
        options.check();
        return options;
    }

    static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(LAUNCHER);
        all.addAll(Settings.declared());
        return all;
    }

    /** The text {@code --help} prints: the commands, then every option with its type, help and default. */
    static String helpText() {
        String jar = LaunchedAs.jarName();
        String app = LaunchedAs.executableWar().isPresent() ? "" : " APP";
        StringBuilder out = new StringBuilder("Usage: java -jar " + jar + app + " [--name=value ...]\n"
                + "       java -jar " + jar + " COMMAND [--help]\n\n");
        if (!app.isEmpty()) {
            out.append("APP is a Gale WAR or a web application directory (WEB-INF/classes, WEB-INF/lib).\n\n");
        }
        out.append("Commands:\n");
        Commands.ALL.forEach((name, summary) -> out.append(String.format("  %-29s %s%n", name, summary)));
        out.append("\nOptions:\n");
        for (Setting<?> setting : all()) {
            String left = "  --" + setting.name() + (setting.isFlag() ? "" : "=" + setting.typeName().toUpperCase(Locale.ROOT));
            String fallback = setting == HELP || setting == VERSION ? "" : " (default: " + setting.defaultText() + ")";
            out.append(String.format("%-31s %s%s%n", left, setting.help(), fallback));
        }
        out.append("\nA flag alone means true (--debug); --name value works too. Every option can also be set in\n"
                + "the --config file as name = value, or in the environment as GALE_NAME (upper case).\n");
        return out.toString();
    }

    boolean helpRequested() {
        return Boolean.TRUE.equals(values.get(HELP.name()));
    }

    boolean versionRequested() {
        return Boolean.TRUE.equals(values.get(VERSION.name()));
    }

    /** The {@code --application} class, or empty. */
    String application() {
        return ((String) values.get(APPLICATION.name())).strip();
    }

    /** The {@code --classpath} entries. */
    List<Path> classPath() {
        return WebApp.parseClassPath((String) values.get(CLASSPATH.name()));
    }

    int port() {
        return (Integer) values.get(PORT.name());
    }

    /** The address to bind, or empty for all interfaces. */
    String address() {
        return (String) values.get(ADDRESS.name());
    }

    /** The web root given with {@code --webroot}, if any. */
    Optional<Path> webroot() {
        return Optional.ofNullable((Path) values.get(WEBROOT.name()));
    }

    String logging() {
        return ((String) values.get(LOGGING.name())).toLowerCase(Locale.ROOT);
    }

    /** The forwarded-headers rule when {@code --xheaders} is on. */
    Optional<ForwardedRule> xheaders() {
        if (!Boolean.TRUE.equals(values.get(Settings.XHEADERS.name()))) {
            return Optional.empty();
        }
        Settings settings = Settings.read(setting -> applicationSettings.get(setting.name()));
        return Optional.of(new ForwardedRule(GaleInitializer.trustedProxies(settings),
                Boolean.TRUE.equals(values.get(Settings.XHEADERS_HOST.name()))));
    }

    /** The number of processes, 0 resolved to the number of CPUs. */
    int processes() {
        int processes = (Integer) values.get(PROCESSES.name());
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
        return Boolean.TRUE.equals(values.get(DISTINCT_PORTS.name()));
    }

    boolean reusePort() {
        return Boolean.TRUE.equals(values.get(REUSE_PORT.name()));
    }

    Duration shutdownTimeout() {
        return (Duration) values.get(SHUTDOWN_TIMEOUT.name());
    }

    int maxHeaderSize() {
        return (int) Math.min(Integer.MAX_VALUE, (Long) values.get(MAX_HEADER_SIZE.name()));
    }

    Duration idleTimeout() {
        return (Duration) values.get(IDLE_TIMEOUT.name());
    }

    int maxThreads() {
        return (Integer) values.get(MAX_THREADS.name());
    }

    boolean virtualThreads() {
        return Boolean.TRUE.equals(values.get(VIRTUAL_THREADS.name()));
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
            GaleInitializer.trustedProxies(given);
            if (!given.get(Settings.COOKIE_SECRET).isEmpty() || !given.get(Settings.COOKIE_SECRETS).isEmpty()) {
                SignedValue.fromSettings(given.get(Settings.COOKIE_SECRET), given.get(Settings.COOKIE_SECRETS),
                        given.get(Settings.KEY_VERSION), given.debug());
            }
        } catch (IllegalArgumentException e) {
            throw StartupException.usage("--" + e.getMessage());
        }
        if (maxThreads() < 8) {
            throw StartupException.usage("--max_threads: " + maxThreads() + " is below 8, which Jetty's own tasks need");
        }
        if (virtualThreads() && !VirtualThreads.areSupported()) {
            throw StartupException.usage("--virtual_threads: Java " + Runtime.version().feature()
                    + " has no virtual threads; run Java 21 or later");
        }
        int processes = (Integer) values.get(PROCESSES.name());
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
            throw StartupException.usage("--distinct_ports: ports " + port() + " to " + (port() + processes() - 1)
                    + " pass 65535");
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

    private static Optional<Source> configFile(
            Map<String, String> commandLine, Map<String, String> environment, Map<String, Setting<?>> known)
            throws StartupException {
        String raw = commandLine.getOrDefault(CONFIG.name(), environment.get(CONFIG.environmentVariable()));
        if (raw == null) {
            return Optional.empty();
        }
        Path file = new Source("--config", Map.of()).parse(CONFIG, raw);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw StartupException.usage("--config: cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String name = key.strip().replace('-', '_');
            if (!known.containsKey(name) || name.equals(CONFIG.name()) || name.equals(HELP.name())
                    || name.equals(VERSION.name())) {
                throw StartupException.usage(file + ": unknown option " + name);
            }
            values.put(name, unquote(properties.getProperty(key).strip()));
        }
        return Optional.of(new Source(file.toString(), values));
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    /** Where values came from, to name it when one does not parse. */
    private record Source(String name, Map<String, String> values) {
        <T> T parse(Setting<T> setting, String raw) throws StartupException {
            try {
                return setting.parse(raw);
            } catch (IllegalArgumentException e) {
                String where = name.equals("--" + setting.name()) ? name : name + " (" + setting.name() + ")";
                throw StartupException.usage(where + ": " + e.getMessage());
            }
        }
    }
}
