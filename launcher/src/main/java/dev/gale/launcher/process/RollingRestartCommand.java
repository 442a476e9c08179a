package dev.gale.launcher.process;

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

    /** Restarts each program; 0 when all came back, 1 when one did not, 2 for bad options. */
    public static int run(List<String> options, PrintStream out, PrintStream err) {
        String program = "gale";
        String supervisorctl = "supervisorctl";
        List<Integer> ports = new ArrayList<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? "" : option.substring(eq + 1);
            switch (name) {
                case "--program" -> program = value;
                case "--supervisorctl" -> supervisorctl = value;
                case "--ports" -> {
                    try {
                        ports.addAll(parsePorts(value));
                    } catch (IllegalArgumentException e) {
                        err.println("error: --ports: " + e.getMessage());
                        return 2;
                    }
                }
                default -> {
                    err.println("error: unknown option " + name + " (rolling-restart takes --ports, --program, "
                            + "--supervisorctl)");
                    return 2;
                }
            }
        }
        if (ports.isEmpty() || !program.matches("[A-Za-z0-9_.\\-]+")) {
            err.println("error: --ports: give the group's ports, such as --ports=8000-8003");
            return 2;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            for (int port : ports) {
                String name = program + ":" + program + "-" + port;
                long started = System.nanoTime();
                List<String> command = new ArrayList<>(Arrays.asList(supervisorctl.strip().split("\\s+")));
                command.addAll(List.of("restart", name));
                Process restart = new ProcessBuilder(command).redirectErrorStream(true).start();
                String said = new String(restart.getInputStream().readAllBytes()).strip();
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

    private static List<Integer> parsePorts(String value) {
        List<Integer> ports = new ArrayList<>();
        for (String item : value.split(",")) {
            String[] range = item.strip().split("-");
            try {
                int first = Integer.parseInt(range[0]);
                int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
                if (range.length > 2 || first < 1 || last > 65535 || last < first || last - first > 1024) {
                    throw new IllegalArgumentException("\"" + item + "\" is not a port or a range of ports");
                }
                for (int port = first; port <= last; port++) {
                    ports.add(port);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + item + "\" is not a port or a range of ports");
            }
        }
        return ports;
    }
}
