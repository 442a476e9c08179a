package dev.gale.launcher.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.gale.launcher.options.OptionHelp;
import dev.gale.launcher.options.OptionParser;
import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.PortRanges;
import dev.gale.launcher.options.StartupException;
import dev.gale.launcher.os.LaunchedAs;
import dev.gale.web.Setting;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar launcher.jar rolling-restart --ports=8000-8003 [--program=gale] [--supervisorctl="supervisorctl
 * -c /etc/supervisord.conf"]}: restarts a supervisord group one program at a time, waiting for each to answer
 * {@code /_gale/ready} before the next, so a proxy in front (with {@code proxy_next_upstream error}) always has
 * processes to send requests to.
 */
public final class RollingRestartCommand {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private RollingRestartCommand() {}

    static final Setting<List<String>> PORTS =
            Setting.list("ports", List.of(), "Ports of the group's programs, such as 8000-8003; required");
    static final Setting<String> PROGRAM = Setting.string("program", "gale", "Name of the supervisord group");
    static final Setting<String> SUPERVISORCTL =
            Setting.string("supervisorctl", "supervisorctl", "Command that runs supervisorctl, with its options");
    private static final List<Setting<?>> OPTIONS = List.of(PORTS, PROGRAM, SUPERVISORCTL);

    /** Restarts each program; 0 when all came back, 1 when one did not, 2 for bad options. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        List<Integer> ports;
        try {
            options = new OptionParser(OPTIONS).forCommand("rolling-restart").parse(args);
            ports = PortRanges.ports(options.get(PORTS));
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        } catch (IllegalArgumentException e) {
            err.println("error: --ports: " + e.getMessage());
            return 2;
        }
        if (ports.isEmpty()) {
            err.println("error: --ports: give the group's ports, such as --ports=8000-8003");
            return 2;
        }
        String program = options.get(PROGRAM);
        if (!program.matches("[A-Za-z0-9_.\\-]+")) {
            err.println("error: --program: \"" + program + "\" is not a name of letters, digits, - _ .");
            return 2;
        }
        String supervisorctl = options.get(SUPERVISORCTL);
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            for (int port : ports) {
                String name = program + ":" + program + "-" + port;
                long started = System.nanoTime();
                List<String> command =
                        new ArrayList<>(Arrays.asList(supervisorctl.strip().split("\\s+")));
                command.addAll(List.of("restart", name));
                Process restart =
                        new ProcessBuilder(command).redirectErrorStream(true).start();
                String said = new String(restart.getInputStream().readAllBytes(), UTF_8).strip();
                if (restart.waitFor() != 0 && !said.contains("started")) {
                    err.println("error: " + String.join(" ", command) + " failed: " + said);
                    return 1;
                }
                if (!awaitReady(client, port)) {
                    err.println("error: " + name + " did not answer /_gale/ready within " + READY_TIMEOUT.toSeconds()
                            + " s; the rest of the group was left as it was");
                    return 1;
                }
                out.printf("%s restarted and ready in %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (IOException e) {
            err.println("error: cannot run supervisorctl: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return 0;
    }

    private static boolean awaitReady(HttpClient client, int port) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_gale/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** What {@code rolling-restart --help} prints. */
    public static String help() {
        return "Usage: java -jar " + LaunchedAs.jarName() + " rolling-restart --ports=8000-8003 [--program=gale] "
                + "[--supervisorctl=COMMAND]\n\n"
                + "Restarts a supervisord group one program at a time, waiting for each to answer before the "
                + "next.\n\nOptions:\n" + OptionHelp.rows(OPTIONS, List.of());
    }
}
