package dev.gale.launcher.process;

import dev.gale.launcher.os.LaunchedAs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a supervisor starts its children: the same Java, JVM options and launcher class path as its own, the same
 * arguments (the application first, which each process reads afresh),
 * then one process per slot with {@code SO_REUSEPORT} on the shared port or on its own port. The children have no
 * drain delay of their own: the supervisor withdraws the whole group's readiness before it stops it, and a child
 * replaced by a rolling restart stops at once, since the others still serve the port.
 *
 * @param drainDelay how long the group serves on with {@code /_gale/ready} answering 503 when it is stopped
 * @param jvmOptions the options every child gets: those this JVM was started with, such as {@code -Xmx64m}, and
 *     those that suit one process among several ({@link GroupJvmOptions})
 */
public record GroupPlan(
        int processes,
        int port,
        boolean distinctPorts,
        String address,
        String host,
        Duration drainDelay,
        Duration shutdownTimeout,
        List<String> jvmOptions,
        List<String> arguments,
        Map<String, String> environment) {

    public GroupPlan {
        jvmOptions = List.copyOf(jvmOptions);
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
    }

    int portOf(int slot) {
        return distinctPorts ? port + slot : port;
    }

    String url() {
        String url = "http://" + host + ":" + port + "/";
        return distinctPorts && processes > 1 ? url + " to port " + (port + processes - 1) : url;
    }

    List<String> command(int slot) {
        return command(slot, List.of());
    }

    /** The command of one process, with JVM options of its own before those this JVM was started with. */
    List<String> command(int slot, List<String> ownJvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ownJvmOptions);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(LaunchedAs.classPath());
        command.add("dev.gale.launcher.Main");
        command.addAll(arguments);
        command.add("--processes=1");
        command.add("--drain_delay=0");
        command.add("--reuse_port");
        command.add("--port=" + portOf(slot));
        return command;
    }
}
