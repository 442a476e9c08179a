package dev.gale.launcher.process;

import dev.gale.launcher.options.OptionHelp;
import dev.gale.launcher.options.OptionParser;
import dev.gale.launcher.options.Options;
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
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar launcher.jar status [--port=8888]}: each serving process of the launcher on that port, with its
 * pid, port, uptime, requests served and in flight, and memory, read from its admin endpoint on loopback.
 */
public final class StatusCommand {
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(\\d+|true|false)");

    private StatusCommand() {}

    /** The port of the launcher to ask. */
    static final Setting<Integer> PORT = Setting.integer("port", 8888, "Port of the launcher to ask");
    /** Its address, when several launchers on this host listen on that port, each on an address of its own. */
    static final Setting<String> ADDRESS =
            Setting.string("address", "", "Address of the launcher to ask, when several here listen on the port");

    static final List<Setting<?>> OPTIONS = List.of(PORT, ADDRESS);

    /**
     * Prints the table and returns 0, or one line on {@code err} and 1 when nothing runs on the port, 2 for a bad
     * option.
     *
     * @param args what follows {@code status}
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = new OptionParser(OPTIONS).forCommand("status").parse(args);
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        }
        Optional<RunFile> runFile = RunFile.require(address(options), options.get(PORT), err);
        if (runFile.isEmpty()) {
            return 1;
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        out.printf("%-8s %-6s %8s %10s %9s %9s%n", "PID", "PORT", "UPTIME", "SERVED", "IN_FLIGHT", "RSS_MB");
        long served = 0;
        List<RunFile.Member> members = runFile.get().members();
        for (RunFile.Member member : members) {
            String line;
            try {
                String json = client.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + member.adminPort() + "/_gale/status"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                long requests = field(json, "requests_served");
                served += requests;
                line = String.format(
                        "%-8d %-6d %7ds %10d %9d %9d",
                        member.pid(),
                        member.port(),
                        field(json, "uptime_seconds"),
                        requests,
                        field(json, "requests_in_flight"),
                        field(json, "memory_bytes") / (1024 * 1024));
            } catch (IOException e) {
                line = String.format("%-8d %-6d %s", member.pid(), member.port(), "not answering");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            out.println(line);
        }
        out.printf(
                "%d processes, %d requests served, supervisor pid %d%n",
                members.size(), served, runFile.get().pid());
        return 0;
    }

    /** What {@code status --help} prints. */
    public static String help() {
        return "Usage: java -jar " + LaunchedAs.jarName() + " status [--port=8888] [--address=ADDRESS]\n\n"
                + "Lists every process serving the port: pid, port, uptime, requests served and in flight, resident "
                + "memory.\n\nOptions:\n" + OptionHelp.rows(OPTIONS, List.of());
    }

    /** The {@code --address} given, if any. */
    static Optional<String> address(Options options) {
        String address = options.get(ADDRESS);
        return address.isEmpty() ? Optional.empty() : Optional.of(address);
    }

    private static long field(String json, String name) {
        Matcher m = NUMBER.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return Long.parseLong(m.group(2));
            }
        }
        return -1;
    }
}
