package dev.gale.launcher.config;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.PortRanges;
import dev.gale.launcher.os.LaunchedAs;
import dev.gale.internal.security.SecretPolicy;
import dev.gale.web.Setting;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The options of {@code config supervisord} and {@code config systemd}, parsed. */
record ProgramOptions(
        String program,
        List<Integer> ports,
        String command,
        Path directory,
        String user,
        Duration shutdownTimeout,
        int openFiles,
        String cookieSecret,
        Optional<Path> standalone) {

    static final Setting<String> PROGRAM = Setting.string("program", "gale", "Name of the program (group)");
    static final Setting<List<String>> PORTS =
            Setting.list("ports", List.of("8000-8003"), "Ports, one process each, such as 8000-8003");
    static final Setting<String> COMMAND = Setting.string("command", "",
            "Command that starts one process; --port=N is added (default: this java with its options, -jar, the jar "
                    + "and APP)");
    static final Setting<Path> DIRECTORY = Setting.path("directory", "Working directory of the processes")
            .withDefault(Path.of(System.getProperty("user.dir")));
    static final Setting<String> USER = Setting.string("user", "", "User the processes run as");
    static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("shutdown_timeout", Duration.ofSeconds(10),
            "The processes' --shutdown_timeout; the stop timeout allows 5 s more");

    static final Setting<Integer> OPEN_FILES = Setting.integer(
            "open_files", 50000, "Open-file limit for the processes (supervisord minfds, systemd LimitNOFILE)");
    static final Setting<String> COOKIE_SECRET = Setting.string("cookie_secret", "",
            "Secret every process signs cookies with; none: a random one made now, so logins work on every process");
    static final Setting<Path> STANDALONE = Setting.path("standalone",
            "supervisord: a whole supervisord.conf whose socket, log and pid file live in this directory");

    static final List<Setting<?>> ALL =
            List.of(PROGRAM, PORTS, COMMAND, DIRECTORY, USER, SHUTDOWN_TIMEOUT, OPEN_FILES, COOKIE_SECRET, STANDALONE);

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
            command = defaultCommand(app);
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
        for (Path path : List.of(values.get(DIRECTORY), standalone.orElse(Path.of(".")))) {
            if (!path.toString().matches("[^;\"'\\\\\\s%]+")) {
                throw new IllegalArgumentException("directory: \"" + path + "\" has characters a config file cannot hold");
            }
        }
        return new ProgramOptions(program, ports, command, values.get(DIRECTORY), user,
                values.get(SHUTDOWN_TIMEOUT), openFiles, cookieSecret(values), standalone);
    }

    /** The given secret, checked as the launcher checks it, or a random one every process of the group shares. */
    private static String cookieSecret(Options values) {
        String secret = values.get(COOKIE_SECRET);
        if (secret.isEmpty()) {
            return SecretPolicy.generate();
        }
        String problem = SecretPolicy.problem(secret);
        if (problem != null || !secret.matches("[A-Za-z0-9+/=_.\\-]+")) {
            throw new IllegalArgumentException("cookie_secret: the secret "
                    + (problem != null ? problem : "has characters a config file cannot hold"));
        }
        return secret;
    }

    /** Seconds a process manager should wait for a graceful stop before it kills. */
    long stopWaitSeconds() {
        return shutdownTimeout.toSeconds() + 5;
    }

    /**
     * This JVM's binary with the options it was started with, such as {@code -Xmx64m}, so the processes run as this
     * command did; an option a config line cannot hold (a space, a {@code %}) is left for {@code --command}.
     */
    private static String javaCommand() {
        StringBuilder command = new StringBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.matches("[^\\s%]+")) {
                command.append(' ').append(option);
            }
        }
        return command.toString();
    }

    /** {@code java [options] -jar JAR [APP]} as this command was run, or why it cannot be made. */
    private static String defaultCommand(Optional<String> app) {
        Optional<Path> jar = LaunchedAs.jar();
        if (jar.isEmpty()) {
            throw new IllegalArgumentException("command: the launcher runs from a class path here; give the command");
        }
        if (LaunchedAs.executableWar().isPresent()) {
            return javaCommand() + " -jar " + jar.get() + app.map(a -> " " + a).orElse("");
        }
        if (app.isEmpty()) {
            throw new IllegalArgumentException("command: name the application to run: config KIND APP "
                    + "--ports=... (APP: a WAR or a web application directory)");
        }
        return javaCommand() + " -jar " + jar.get() + " " + app.get();
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
        return Optional.of("warning: --open_files=" + openFiles + " is above this host's hard open-file limit of " + hard
                + ": supervisord will refuse minfds = " + openFiles + " here; raise the limit or give --open_files="
                + hard);
    }
}
