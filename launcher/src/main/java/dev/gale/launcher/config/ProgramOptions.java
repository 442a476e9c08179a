package dev.gale.launcher.config;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.gale.internal.filters.TrustedProxies;
import dev.gale.internal.security.SecretPolicy;
import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.PortRanges;
import dev.gale.launcher.os.LaunchedAs;
import dev.gale.launcher.process.GroupJvmOptions;
import dev.gale.web.Setting;
import dev.gale.web.Settings;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The options of {@code config supervisord} and {@code config systemd}, parsed. */
record ProgramOptions(
        String program,
        List<Integer> ports,
        String command,
        Path directory,
        String user,
        Duration drainDelay,
        Duration shutdownTimeout,
        int openFiles,
        Optional<Path> secretFile,
        Optional<String> cookieSecret,
        String address,
        boolean xheaders,
        List<String> trustedProxies,
        Optional<Path> standalone) {

    static final Setting<String> PROGRAM = Setting.string("program", "gale", "Name of the program (group)");
    static final Setting<List<String>> PORTS =
            Setting.list("ports", List.of("8000-8003"), "Ports, one process each, such as 8000-8003");
    static final Setting<String> COMMAND = Setting.string(
            "command",
            "",
            "Command that starts one process; --port=N is added (default: this java with its options, -jar, the jar "
                    + "and APP)");
    static final Setting<Path> DIRECTORY = Setting.path("directory", "Working directory of the processes")
            .withDefault(Path.of(System.getProperty("user.dir")));
    static final Setting<String> USER = Setting.string("user", "", "User the processes run as");
    static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration(
            "shutdown_timeout",
            Duration.ofSeconds(10),
            "The processes' --shutdown_timeout; the stop timeout allows it, the drain delay and 5 s more");
    static final Setting<Duration> DRAIN_DELAY = Setting.duration(
            "drain_delay",
            Duration.ZERO,
            "The processes' --drain_delay: on stop, /_gale/ready answers 503 this long before the port closes; give "
                    + "at least the balancer's check interval times its fall count (config haproxy: 2s)");

    static final Setting<Integer> OPEN_FILES = Setting.integer(
            "open_files", 50000, "Open-file limit for the processes (supervisord minfds, systemd LimitNOFILE)");
    static final Setting<Path> SECRET_FILE = Setting.path(
            "secret_file",
            "File holding COOKIE_SECRET=... that every process on every host reads; written (mode 0600) when missing");
    static final Setting<String> COOKIE_SECRET =
            Setting.string("cookie_secret", "", "Secret to write into a missing --secret_file; none: a random one");
    static final Setting<String> ADDRESS = Setting.string(
            "address", "", "Address the processes listen on, such as this host's on the balancer's network");
    static final Setting<Boolean> XHEADERS = Settings.XHEADERS;
    static final Setting<List<String>> TRUSTED_PROXIES = Setting.list(
            "trusted_proxies",
            List.of(),
            "The balancers whose forwarded headers count, such as 10.0.0.10/32 (the processes' default: loopback)");
    static final Setting<Path> STANDALONE = Setting.path(
            "standalone",
            "supervisord: a whole supervisord.conf whose socket, log and pid file live in this directory");

    static final List<Setting<?>> ALL = List.of(
            PROGRAM,
            PORTS,
            COMMAND,
            DIRECTORY,
            USER,
            ADDRESS,
            XHEADERS,
            TRUSTED_PROXIES,
            DRAIN_DELAY,
            SHUTDOWN_TIMEOUT,
            OPEN_FILES,
            SECRET_FILE,
            COOKIE_SECRET,
            STANDALONE);

    /**
     * Checks the values together.
     *
     * @throws IllegalArgumentException whose message starts with the option's name
     */
    static ProgramOptions of(Options values, Optional<String> app) {
        String program = values.get(PROGRAM);
        if (!program.matches("[A-Za-z0-9_.\\-]{1,64}")) {
            throw new IllegalArgumentException("program: \"" + program + "\" is not a name of letters, digits, - _ .");
        }
        List<Integer> ports;
        try {
            ports = PortRanges.ports(values.get(PORTS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ports: " + e.getMessage(), e);
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("ports: give the ports, such as --ports=8000-8003");
        }
        String command = values.get(COMMAND);
        if (command.isEmpty()) {
            command = defaultCommand(app, ports.size());
        }
        if (command.isBlank() || command.contains("\n") || command.contains("%")) {
            throw new IllegalArgumentException("command: give one line without %");
        }
        String user = values.get(USER);
        if (!user.isEmpty() && !user.matches("[a-z_][a-z0-9_\\-]{0,31}")) {
            throw new IllegalArgumentException("user: \"" + user + "\" is not a user name");
        }
        int openFiles = values.get(OPEN_FILES);
        if (openFiles < 1024) {
            throw new IllegalArgumentException("open_files: " + openFiles + " is too few for a server (1024 or more)");
        }
        Optional<Path> standalone = Optional.ofNullable(values.get(STANDALONE));
        Optional<Path> secretFile = Optional.ofNullable(values.get(SECRET_FILE))
                .map(p -> p.toAbsolutePath().normalize());
        for (Setting<Path> setting : List.of(DIRECTORY, STANDALONE, SECRET_FILE)) {
            Path path = values.get(setting);
            if (path != null && !path.toString().matches("[^;\"'\\\\\\s%]+")) {
                throw new IllegalArgumentException(
                        setting.name() + ": \"" + path + "\" has characters a config file cannot hold");
            }
        }
        String address = values.get(ADDRESS);
        if (!address.isEmpty() && !address.matches("[A-Za-z0-9.\\-]+|\\[?[0-9A-Fa-f:.]+]?")) {
            throw new IllegalArgumentException("address: \"" + address + "\" is not a host name or address");
        }
        List<String> trustedProxies = values.get(TRUSTED_PROXIES);
        try {
            TrustedProxies.parse(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trusted_proxies: " + e.getMessage(), e);
        }
        if (!trustedProxies.isEmpty() && !values.get(XHEADERS)) {
            throw new IllegalArgumentException("trusted_proxies: only counts with --xheaders; give both");
        }
        return new ProgramOptions(
                program,
                ports,
                command,
                values.get(DIRECTORY),
                user,
                values.get(DRAIN_DELAY),
                values.get(SHUTDOWN_TIMEOUT),
                openFiles,
                secretFile,
                cookieSecret(values, secretFile),
                address,
                values.get(XHEADERS),
                trustedProxies,
                standalone);
    }

    /**
     * The launcher's options every process of the group gets after its command, each after a space: the address, the
     * forwarded headers and the proxies they are believed from, {@code port}, and how it stops.
     */
    String launcherOptions(String port) {
        return LauncherArguments.of(address, xheaders, trustedProxies, port, drainDelay, shutdownTimeout).stream()
                .map(argument -> " " + argument)
                .collect(Collectors.joining());
    }

    /** What the user should know about these options before using the config, one line each. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (xheaders && trustedProxies.isEmpty()) {
            warnings.add("warning: --xheaders without --trusted_proxies: the processes believe forwarded headers "
                    + "from loopback only (127.0.0.0/8, ::1); behind a balancer on another host give its address, "
                    + "such as --trusted_proxies=10.0.0.10/32");
        }
        if (secretFile.isEmpty()) {
            warnings.add("warning: no --secret_file: each process makes its own random cookie secret, so a signed "
                    + "cookie (a login) made by one fails on the others; every process on every host needs the same "
                    + "secret: give --secret_file=/etc/" + program + "/secret (a new secret is written there, mode "
                    + "0600, when the file is missing) and copy that file to every host");
        }
        return warnings;
    }

    /** The given secret, checked as the launcher checks it; one is only taken to go into the secret file. */
    private static Optional<String> cookieSecret(Options values, Optional<Path> secretFile) {
        String secret = values.get(COOKIE_SECRET);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (secretFile.isEmpty()) {
            throw new IllegalArgumentException("cookie_secret: give --secret_file=PATH too: the secret goes into "
                    + "that file (mode 0600), never into a config others can read");
        }
        String problem = SecretPolicy.problem(secret);
        if (problem != null || !secret.matches("[A-Za-z0-9+/=_.\\-]+")) {
            throw new IllegalArgumentException("cookie_secret: the secret "
                    + (problem != null ? problem : "has characters a config file cannot hold"));
        }
        return Optional.of(secret);
    }

    /** Seconds a process manager should wait for a graceful stop before it kills: the delay, the drain and 5 s. */
    long stopWaitSeconds() {
        return LauncherArguments.secondsUp(drainDelay.plus(shutdownTimeout)) + 5;
    }

    /**
     * This JVM's binary with the options it was started with, such as {@code -Xmx64m}, so the processes run as this
     * command did, and, for a group of several, the options that suit one process among many ({@link
     * GroupJvmOptions}); an option a config line cannot hold (a space, a {@code %}) is left for {@code --command}.
     */
    private static String javaCommand(int processes) {
        StringBuilder command = new StringBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> options = new ArrayList<>(given);
        options.addAll(GroupJvmOptions.forGroupOf(processes, given, System.getenv()));
        for (String option : options) {
            if (option.matches("[^\\s%]+")) {
                command.append(' ').append(option);
            }
        }
        return command.toString();
    }

    /** {@code java [options] -jar JAR [APP]} as this command was run, or why it cannot be made. */
    private static String defaultCommand(Optional<String> app, int processes) {
        Optional<Path> jar = LaunchedAs.jar();
        if (jar.isEmpty()) {
            throw new IllegalArgumentException("command: the launcher runs from a class path here; give the command");
        }
        if (LaunchedAs.executableWar().isPresent()) {
            return javaCommand(processes) + " -jar " + jar.get()
                    + app.map(a -> " " + a).orElse("");
        }
        if (app.isEmpty()) {
            throw new IllegalArgumentException("command: name the application to run: config KIND APP "
                    + "--ports=... (APP: a WAR or a web application directory)");
        }
        return javaCommand(processes) + " -jar " + jar.get() + " " + app.get();
    }

    /**
     * A warning when {@code open_files} is above this host's hard limit, which supervisord refuses to start with; as
     * the JVM raises its own soft limit to the hard one, its limit is the hard one.
     */
    static Optional<String> warnAboveHardLimit(Options values) {
        int openFiles = values.get(OPEN_FILES);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long hard = os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
        if (hard < 0 || openFiles <= hard) {
            return Optional.empty();
        }
        return Optional.of("warning: --open_files=" + openFiles + " is above this host's hard open-file limit of "
                + hard
                + ": supervisord will refuse minfds = " + openFiles + " here; raise the limit or give --open_files="
                + hard);
    }
}
