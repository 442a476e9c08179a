package dev.gale.launcher.process;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/** {@code java -jar launcher.jar reload [--port=8888]}: sends SIGHUP to the launcher on that port, which rolls its processes. */
public final class ReloadCommand {
    private ReloadCommand() {}

    public static int run(int port, PrintStream out, PrintStream err) {
        Optional<RunFile> runFile = RunFile.require(port, err);
        if (runFile.isEmpty()) {
            return 1;
        }
        long pid = runFile.get().pid();
        try {
            int status = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start().waitFor();
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
}
