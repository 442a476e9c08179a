package dev.gale.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Several hosts on one Linux machine: a network namespace per host, each with {@code lo} up and one address in
 * 198.18.0.0/24 (a range set aside for network tests, RFC 2544), joined by a bridge in the first host's namespace
 * with a veth pair to each other host. The root namespace gets no address in that range and no link to it, so
 * traffic stays between the hosts; a test reaches into a host by running a command there ({@link Host#exec}).
 *
 * <p>Namespace names carry the test JVM's pid. Making a network first removes the namespaces of runs whose JVM is
 * gone, with whatever still runs in them; {@link #close} removes this run's, and so does a shutdown hook when the
 * JVM exits without closing it. Needs root and iproute2: elsewhere {@link #create} skips the test, saying why.
 */
final class TestNetwork implements AutoCloseable {
    private static final String PREFIX = "gale-e2e-";
    private static final String SUBNET = "198.18.0.";
    private static final int PREFIX_LENGTH = 24;
    private static final int FIRST_HOST = 10;
    private static final String BRIDGE = "br0";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Host> hosts;
    private final Thread shutdownHook;

    /** One host: the namespace it lives in and its address. */
    record Host(String name, String namespace, String address) {
        /** {@code command}, to be run inside this host: {@code ip netns exec NAMESPACE COMMAND...}. */
        List<String> exec(List<String> command) {
            List<String> inside = new ArrayList<>(List.of(ip(), "netns", "exec", namespace));
            inside.addAll(command);
            return inside;
        }

        /** Runs {@code command} inside this host to its end and returns its status and output. */
        ProxyProcess.Result run(String... command) throws IOException, InterruptedException {
            return ProxyProcess.run(exec(List.of(command)), COMMAND_TIMEOUT);
        }

        /**
         * Kills every process running in this host with SIGKILL at once, as a crash of the machine would end them;
         * returns once they are gone. The host's kernel lives on, so its closed ports refuse connections.
         */
        void crash() throws IOException, InterruptedException {
            killAll(namespace);
        }

        /**
         * Takes this host's link down, as a pulled cable or a failed switch port would: packets to it are dropped,
         * so connections to it time out instead of being refused. Not for the hub, whose bridge links every host.
         */
        void cut() throws IOException, InterruptedException {
            ip("-n", namespace, "link", "set", "eth0", "down");
        }

        /** Brings the link {@link #cut()} took down back up. */
        void reconnect() throws IOException, InterruptedException {
            ip("-n", namespace, "link", "set", "eth0", "up");
        }
    }

    private TestNetwork(Map<String, Host> hosts) {
        this.hosts = hosts;
        this.shutdownHook = new Thread(
                this::removeAll, "remove " + PREFIX + ProcessHandle.current().pid());
    }

    /**
     * Makes the hosts named {@code hub} (which holds the bridge) and {@code others}, addressed 198.18.0.10,
     * 198.18.0.11 and so on in that order. Names are short words (the veth to a host is named after it).
     */
    static TestNetwork create(String hub, String... others) throws Exception {
        String ip = ipOrSkip();
        removeStale();
        Map<String, Host> hosts = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of(hub));
        names.addAll(List.of(others));
        for (String name : names) {
            if (!name.matches("[a-z][a-z0-9]{0,11}") || hosts.containsKey(name)) {
                throw new IllegalArgumentException("not a short, unique host name: " + name);
            }
            hosts.put(
                    name,
                    new Host(
                            name,
                            PREFIX + ProcessHandle.current().pid() + "-" + name,
                            SUBNET + (FIRST_HOST + hosts.size())));
        }
        TestNetwork network = new TestNetwork(hosts);
        Runtime.getRuntime().addShutdownHook(network.shutdownHook);
        try {
            Host first = hosts.get(hub);
            ProxyProcess.Result probe =
                    ProxyProcess.run(List.of(ip, "netns", "add", first.namespace()), COMMAND_TIMEOUT);
            Assumptions.assumeTrue(
                    probe.status() == 0,
                    () -> "network namespaces cannot be made here (they need root "
                            + "and iproute2); ip netns add said: "
                            + probe.output().strip());
            network.build(first);
            return network;
        } catch (Exception | Error e) {
            network.close();
            throw e;
        }
    }

    private void build(Host hub) throws IOException, InterruptedException {
        for (Host host : hosts.values()) {
            if (!Objects.equals(host, hub)) {
                ip("netns", "add", host.namespace());
            }
            ip("-n", host.namespace(), "link", "set", "lo", "up");
        }
        ip("-n", hub.namespace(), "link", "add", BRIDGE, "type", "bridge");
        ip("-n", hub.namespace(), "addr", "add", hub.address() + "/" + PREFIX_LENGTH, "dev", BRIDGE);
        ip("-n", hub.namespace(), "link", "set", BRIDGE, "up");
        for (Host host : hosts.values()) {
            if (!Objects.equals(host, hub)) {
                String end = "to-" + host.name();
                ip(
                        "-n",
                        hub.namespace(),
                        "link",
                        "add",
                        end,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        "eth0",
                        "netns",
                        host.namespace());
                ip("-n", hub.namespace(), "link", "set", end, "master", BRIDGE, "up");
                ip("-n", host.namespace(), "addr", "add", host.address() + "/" + PREFIX_LENGTH, "dev", "eth0");
                ip("-n", host.namespace(), "link", "set", "eth0", "up");
            }
        }
    }

    Host host(String name) {
        return Optional.ofNullable(hosts.get(name))
                .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in " + hosts.keySet()));
    }

    /** Whether {@code address} is in the network's range, 198.18.0.0/24. */
    static boolean inRange(InetAddress address) {
        return address.getHostAddress().startsWith(SUBNET);
    }

    /** Removes every host: ends what still runs in it, then its namespace (and with it its links). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting: the hook runs removeAll itself
        }
        removeAll();
    }

    private void removeAll() {
        for (Host host : hosts.values()) {
            try {
                remove(host.namespace());
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("could not remove " + host.namespace() + ": " + e);
            }
        }
    }

    /** The test namespaces whose JVM is gone (killed before it could remove them), removed. */
    private static void removeStale() throws IOException, InterruptedException {
        for (String namespace : namespaces()) {
            if (namespace.startsWith(PREFIX) && !ownerAlive(namespace)) {
                remove(namespace);
            }
        }
    }

    /**
     * Whether the JVM named in {@code namespace} runs (and is not this one: a namespace with this JVM's pid that
     * exists before this JVM made any was left by an earlier JVM with the same pid).
     */
    private static boolean ownerAlive(String namespace) {
        String rest = namespace.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0 || !rest.substring(0, dash).matches("\\d+")) {
            return false;
        }
        long pid = Long.parseLong(rest.substring(0, dash));
        return pid != ProcessHandle.current().pid()
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<String> namespaces() throws IOException, InterruptedException {
        ProxyProcess.Result list = ProxyProcess.run(List.of(ip(), "netns", "list"), COMMAND_TIMEOUT);
        if (list.status() != 0) {
            throw new IllegalStateException("ip netns list failed: " + list.output());
        }
        return list.output()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+")[0])
                .toList();
    }

    /** Kills the processes running in {@code namespace}, which the tests started there, then deletes it. */
    private static void remove(String namespace) throws IOException, InterruptedException {
        if (!namespaces().contains(namespace)) {
            return;
        }
        killAll(namespace);
        ProxyProcess.Result delete = ProxyProcess.run(List.of(ip(), "netns", "delete", namespace), COMMAND_TIMEOUT);
        if (delete.status() != 0) {
            throw new IllegalStateException("ip netns delete " + namespace + " failed: " + delete.output());
        }
    }

    /** Kills every process running in {@code namespace} with SIGKILL and waits until they are gone. */
    private static void killAll(String namespace) throws IOException, InterruptedException {
        ProxyProcess.Result pids = ProxyProcess.run(List.of(ip(), "netns", "pids", namespace), COMMAND_TIMEOUT);
        List<ProcessHandle> left = pids.output()
                .lines()
                .map(String::strip)
                .filter(line -> line.matches("\\d+"))
                .map(Long::parseLong)
                .map(ProcessHandle::of)
                .flatMap(Optional::stream)
                .toList();
        left.forEach(ProcessHandle::destroyForcibly);
        try {
            CompletableFuture.allOf(left.stream().map(ProcessHandle::onExit).toArray(CompletableFuture<?>[]::new))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("processes in " + namespace + " outlived SIGKILL: " + left, e);
        }
    }

    private static void ip(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ip()));
        command.addAll(List.of(arguments));
        ProxyProcess.Result result = ProxyProcess.run(command, COMMAND_TIMEOUT);
        if (result.status() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
    }

    private static String ipOrSkip() {
        try {
            return ip();
        } catch (IllegalStateException missing) {
            return Assumptions.abort("network namespaces cannot be made here: " + missing.getMessage());
        }
    }

    private static String ip() {
        return ProxyProcess.binary("ip");
    }
}
