package dev.gale.launcher;

import dev.gale.launcher.config.ConfigCommand;
import dev.gale.launcher.options.StartupException;
import dev.gale.launcher.os.BatchedOutputStream;
import dev.gale.launcher.os.LaunchedAs;
import dev.gale.launcher.os.OpenFiles;
import dev.gale.launcher.os.Signals;
import dev.gale.launcher.process.GroupJvmOptions;
import dev.gale.launcher.process.GroupPlan;
import dev.gale.launcher.process.ReloadCommand;
import dev.gale.launcher.process.Reloader;
import dev.gale.launcher.process.RollingRestartCommand;
import dev.gale.launcher.process.RunFile;
import dev.gale.launcher.process.StatusCommand;
import dev.gale.launcher.process.Supervisor;
import dev.gale.launcher.server.GaleServer;
import dev.gale.launcher.server.WebApp;
import dev.gale.web.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.logging.JettyLoggerFactory;
import org.eclipse.jetty.logging.StdErrAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar launcher.jar APP}: serves the Gale WAR or web application directory APP (or, with none, the
 * application on the class path) on port 8888, or as the options say; with {@code --processes} it supervises several.
 * Also {@code config nginx|haproxy|supervisord|systemd|kubernetes}, {@code status}, {@code reload} and
 * {@code rolling-restart}. Exit status 2 for a bad option, 1 when the server cannot start.
 */
public final class Main {
    private static final List<String> GALE_LOGGERS = List.of("gale", "gale.access", "gale.application", "gale.general");

    private Main() {}

    public static void main(String[] args) {
        PrintStream err = BatchedOutputStream.batchStandardError();
        if (LoggerFactory.getILoggerFactory() instanceof JettyLoggerFactory factory
                && factory.getJettyLogger("gale").getAppender() instanceof StdErrAppender appender) {
            appender.setStream(err);
        }
        int status = run(args, System.getenv(), System.out, err);
        if (status != RUNNING) {
            System.exit(status);
        }
    }

    /** What {@link #run} returns while a single server keeps running on its own threads. */
    static final int RUNNING = -1;

    /**
     * Runs a command, or starts serving.
     *
     * @return the exit status, or {@link #RUNNING} when a server was started and runs on
     */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty()) {
            List<String> rest = arguments.subList(1, arguments.size());
            String command = arguments.get(0);
            if (CommandHelp.of(command).isPresent()
                    && (rest.contains("--help") || rest.contains("-h"))
                    && !(command.equals("config")
                            && !rest.isEmpty()
                            && !rest.get(0).startsWith("-"))) {
                out.print(CommandHelp.of(command).get());
                return 0;
            }
            switch (command) {
                case "config" -> {
                    return ConfigCommand.run(rest, out, err);
                }
                case "status" -> {
                    return StatusCommand.run(rest, out, err);
                }
                case "reload" -> {
                    return ReloadCommand.run(rest, out, err);
                }
                case "rolling-restart" -> {
                    return RollingRestartCommand.run(rest, out, err);
                }
                default -> {}
            }
        }
        Optional<Path> app = Optional.empty();
        List<String> optionArguments = arguments;
        if (!arguments.isEmpty() && !arguments.get(0).startsWith("-")) {
            app = Optional.of(Path.of(arguments.get(0)));
            optionArguments = arguments.subList(1, arguments.size());
        }
        FoundApplication found = FoundApplication.find(app, optionArguments, environment);
        if (arguments.contains("-h")) {
            out.print(LauncherOptions.helpText(found.options(), found.missing()));
            return 0;
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(optionArguments, environment, found.options());
        } catch (StartupException e) {
            // An option unknown to Gale may be one of the application's, which was not found: that is the error then.
            StartupException shown = e.unknownOption() ? found.failureOr(e) : e;
            err.println("error: " + shown.getMessage());
            return shown.exitStatus();
        }
        if (options.helpRequested()) {
            out.print(LauncherOptions.helpText(found.options(), found.missing()));
            return 0;
        }
        if (options.versionRequested()) {
            out.println("Gale " + LaunchedAs.version() + " (Jetty " + org.eclipse.jetty.util.Jetty.VERSION + ", Java "
                    + Runtime.version() + ")");
            return 0;
        }
        setLogLevel(options.logging());
        WebApp webApp;
        try {
            webApp = found.webApp();
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        }
        boolean randomSecret = options.generateSecretIfMissing();
        boolean supervised = environment.containsKey(Supervisor.SUPERVISED);
        if (options.processes() > 1 || (options.autoreload() && !supervised)) {
            List<String> childArguments = new ArrayList<>();
            webApp.source().ifPresent(source -> childArguments.add(source.toString()));
            childArguments.addAll(optionArguments);
            return supervise(options, webApp, childArguments, randomSecret, out, err);
        }
        return serve(options, webApp, supervised, randomSecret, out, err);
    }

    private static int serve(
            LauncherOptions options,
            WebApp app,
            boolean supervised,
            boolean randomSecret,
            PrintStream out,
            PrintStream err) {
        GaleServer server;
        try {
            server = new GaleServer(options.serverConfig(), app);
            server.start();
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        }
        if (randomSecret && !supervised) {
            warnRandomSecret();
        }
        RunFile runFile = new RunFile(
                ProcessHandle.current().pid(),
                options.address(),
                server.port(),
                List.of(new RunFile.Member(ProcessHandle.current().pid(), server.port(), server.adminPort())));
        if (!supervised) {
            try {
                runFile.write();
            } catch (IOException e) {
                LoggerFactory.getLogger("gale.general").warn("Cannot write {}: {}", runFile.path(), e.toString());
            }
        }
        OpenFiles.check(LoggerFactory.getLogger("gale.general"));
        stopOnSignals(server, supervised ? null : runFile);
        if (supervised) {
            out.println("Gale admin on 127.0.0.1:" + server.adminPort());
            stopWhenParentDies(server);
        }
        out.println("Gale ready on " + server.url() + " (pid "
                + ProcessHandle.current().pid() + ", open files " + OpenFiles.limit() + ")");
        out.flush();
        return RUNNING;
    }

    /** Several processes, or one that autoreload replaces when the code changes: child JVMs of this launcher. */
    private static int supervise(
            LauncherOptions options,
            WebApp app,
            List<String> arguments,
            boolean randomSecret,
            PrintStream out,
            PrintStream err) {
        if (options.port() != 0 && !options.reusePort()) {
            Optional<String> taken = portTaken(options.address(), options.port());
            if (taken.isPresent()) {
                err.println("error: " + taken.get());
                return StartupException.FAILURE;
            }
        }
        Map<String, String> childEnvironment = new HashMap<>();
        childEnvironment.put(Supervisor.SUPERVISED, "1");
        if (randomSecret) {
            childEnvironment.put(
                    Settings.COOKIE_SECRET.environmentVariable(),
                    options.applicationSettings().get(Settings.COOKIE_SECRET.name()));
            warnRandomSecret();
        }
        int port = options.port();
        try {
            if (port == 0) {
                port = freePort();
            }
        } catch (IOException e) {
            LoggerFactory.getLogger("gale.general").error("Cannot find a free port: {}", e.toString());
            return StartupException.FAILURE;
        }
        String host =
                options.address().isEmpty() || options.address().equals("0.0.0.0") ? "localhost" : options.address();
        GroupPlan plan = new GroupPlan(
                options.processes(),
                port,
                options.distinctPorts(),
                options.address(),
                host,
                options.drainDelay(),
                options.shutdownTimeout(),
                groupJvmOptions(options.processes()),
                arguments,
                childEnvironment);
        try {
            if (options.autoreload()) {
                Reloader reloader = new Reloader(
                        plan,
                        Reloader.codePaths(LaunchedAs.classPath(), app.watched()),
                        options.serveTraceback(),
                        out,
                        err);
                Signals.on("TERM", reloader::stop);
                Signals.on("INT", reloader::stop);
                return reloader.run();
            }
            Supervisor supervisor = new Supervisor(plan, out);
            onSignal("TERM", supervisor::stop, "the processes cannot be stopped gracefully");
            Signals.on("INT", supervisor::interrupt);
            onSignal("HUP", supervisor::roll, "SIGHUP and 'reload' cannot restart the processes");
            return supervisor.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StartupException.FAILURE;
        }
    }

    /**
     * SIGTERM or SIGINT: a graceful stop (the drain delay, then the drain), then exit 0. A second one during the drain
     * delay ends the delay; a second SIGINT after it exits at once. A supervised child (no {@code runFile}) stops as
     * one replaced in its group: the supervisor withdraws the readiness of the whole group when that stops. SIGHUP,
     * which would end the JVM at once, is refused: one process cannot replace itself without a moment when nobody
     * listens, so it keeps serving and says so (a supervised child leaves SIGHUP to its supervisor, which rolls the
     * group).
     */
    private static void stopOnSignals(GaleServer server, RunFile runFile) {
        Signals.on("HUP", () -> {
            if (runFile != null) {
                LoggerFactory.getLogger("gale.general")
                        .warn("SIGHUP ignored: a single process cannot replace "
                                + "itself, so it keeps serving; start it with --processes=2 or more to restart on "
                                + "SIGHUP, "
                                + "or restart it with its process manager");
            }
        });
        AtomicInteger signals = new AtomicInteger();
        AtomicInteger interrupts = new AtomicInteger();
        Runnable stop = () -> {
            if (runFile == null) {
                server.stopAsReplaced();
            } else {
                server.stop();
                runFile.delete();
            }
            System.exit(0);
        };
        onSignal(
                "TERM",
                () -> {
                    if (signals.getAndIncrement() == 0) {
                        stop.run();
                    } else {
                        endDrainDelay(server);
                    }
                },
                "SIGTERM cannot stop it gracefully");
        Signals.on("INT", () -> {
            boolean secondInterrupt = interrupts.incrementAndGet() > 1;
            if (signals.getAndIncrement() == 0) {
                stop.run();
            } else if (!endDrainDelay(server) && secondInterrupt) {
                LoggerFactory.getLogger("gale.general").warn("Second interrupt: exiting now");
                System.exit(1);
            }
        });
    }

    /** Ends the drain delay of a stop in progress and says so; false when the stop is past it. */
    private static boolean endDrainDelay(GaleServer server) {
        if (!server.endDrainDelay()) {
            return false;
        }
        LoggerFactory.getLogger("gale.general").info("Second signal: ending the drain delay");
        return true;
    }

    /** Handles {@code signal}, or says in the log what will not work when the process was started ignoring it. */
    private static void onSignal(String signal, Runnable action, String consequence) {
        if (!Signals.on(signal, action)) {
            LoggerFactory.getLogger("gale.general")
                    .warn(
                            "SIG{} is ignored in this process, as nohup and some shells "
                                    + "leave it: {}; start the launcher without them (a process manager, or setsid)",
                            signal,
                            consequence);
        }
    }

    /**
     * A supervised child reads its stdin, which only closes when the supervisor is gone, even by {@code kill -9};
     * then it stops as on SIGTERM: no new connections, and requests in flight get the shutdown timeout to finish. The
     * supervisor writes one line there when the whole group stops: the child then withdraws its readiness and serves
     * on until the SIGTERM that follows, after the group's drain delay.
     */
    private static void stopWhenParentDies(GaleServer server) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        BufferedReader lines =
                                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            if (line.equals(Supervisor.WITHDRAW_READINESS)) {
                                server.withdrawReadiness();
                            }
                        }
                    } catch (IOException e) {
                        // the pipe broke: the supervisor is gone
                    }
                    LoggerFactory.getLogger("gale.general").warn("The supervisor is gone; stopping");
                    server.stop();
                    System.exit(0);
                },
                "gale-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void warnRandomSecret() {
        Logger log = LoggerFactory.getLogger("gale.general");
        log.warn("No --cookie_secret or COOKIE_SECRET given: signing cookies with a random secret for this run; "
                + "logins will not survive a restart");
    }

    /**
     * Why the children could not listen on {@code port}, found before any starts: they bind it with
     * {@code SO_REUSEPORT}, which a server holding it without that option refuses them one by one.
     */
    private static Optional<String> portTaken(String address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(address.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(address, port));
            return Optional.empty();
        } catch (IOException e) {
            String where = (address.isEmpty() ? "" : address + ":") + port;
            return Optional.of(
                    "port " + where + " is already in use; stop the other server or choose another with " + "--port");
        }
    }

    /** The options this JVM was started with, and those that suit one process among several ({@link GroupJvmOptions}). */
    private static List<String> groupJvmOptions(int processes) {
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> options = new ArrayList<>(given);
        options.addAll(GroupJvmOptions.forGroupOf(processes, given, System.getenv()));
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void setLogLevel(String level) {
        String jettyLevel = switch (level) {
            case "debug" -> "DEBUG";
            case "warning" -> "WARN";
            case "error" -> "ERROR";
            case "none" -> "OFF";
            default -> "INFO";
        };
        if (LoggerFactory.getILoggerFactory() instanceof JettyLoggerFactory factory) {
            // A logger made after this would take its level from jetty-logging.properties, so each is set by name.
            for (String logger : GALE_LOGGERS) {
                factory.setLoggerLevel(logger, jettyLevel);
            }
        }
    }
}
