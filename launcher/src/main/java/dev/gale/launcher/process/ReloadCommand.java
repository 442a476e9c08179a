package dev.gale.launcher.process;

import dev.gale.launcher.options.OptionHelp;
import dev.gale.launcher.options.OptionParser;
import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.StartupException;
import dev.gale.launcher.os.LaunchedAs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar launcher.jar reload [--port=8888]}: sends SIGHUP to the launcher on that port, which rolls its
 * processes.
 */
public final class ReloadCommand {
    private ReloadCommand() {}

    /**
     * Signals the supervisor and returns 0, or prints one line on {@code err} and returns 1 when it cannot, 2 for a
     * bad option.
     *
     * @param args what follows {@code reload}
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options =
                    new OptionParser(StatusCommand.OPTIONS).forCommand("reload").parse(args);
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        }
        int port = options.get(StatusCommand.PORT);
        Optional<RunFile> runFile = RunFile.require(StatusCommand.address(options), port, err);
        if (runFile.isEmpty()) {
            return 1;
        }
        long pid = runFile.get().pid();
        List<RunFile.Member> members = runFile.get().members();
        if (members.size() == 1 && members.get(0).pid() == pid) {
            err.println("error: the launcher on port " + port + " (pid " + pid + ") is a single process without "
                    + "--processes, which cannot replace itself; restart it with its process manager");
            return 1;
        }
        if (ignoresHangUp(pid)) {
            err.println("error: process " + pid + " ignores SIGHUP (it was started with nohup?), so nothing would "
                    + "restart; stop it with SIGTERM and start it without nohup");
            return 1;
        }
        try {
            int status = new ProcessBuilder("kill", "-HUP", Long.toString(pid))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (status != 0) {
                err.println("error: cannot signal process " + pid);
                return 1;
            }
        } catch (IOException e) {
            err.println("error: cannot signal process " + pid + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println("Sent SIGHUP to " + pid + ": its processes restart one at a time");
        return 0;
    }

    /** What {@code reload --help} prints. */
    public static String help() {
        return "Usage: java -jar " + LaunchedAs.jarName() + " reload [--port=8888] [--address=ADDRESS]\n\n"
                + "Asks the supervisor of a --processes group on the port to restart its processes one by one, as "
                + "SIGHUP does.\n\nOptions:\n" + OptionHelp.rows(StatusCommand.OPTIONS, List.of());
    }

    /** Whether Linux says {@code pid} ignores SIGHUP (bit 1 of SigIgn in /proc/PID/status); false elsewhere. */
    private static boolean ignoresHangUp(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 1L) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process just ended: kill says so
        }
        return false;
    }
}
