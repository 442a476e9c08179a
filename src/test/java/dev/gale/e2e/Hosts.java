package dev.gale.e2e;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Gale on several hosts behind real balancers, started as the README's section on many hosts says: three application
 * hosts, each a launcher with two processes ({@code --processes=2}) on its own address with {@code --xheaders},
 * {@code --trusted_proxies=BALANCER/32}, the same {@code COOKIE_SECRET} and its own copy of the WAR; nginx and
 * HAProxy on a balancer host, from the configs {@code java -jar launcher.jar config nginx|haproxy} writes; a client
 * on a host of its own. Each host is a network namespace of a {@link TestNetwork}. {@link #close} stops everything
 * and removes the network.
 *
 * <p>The test adds to the generated configs only what it reads back: HAProxy's stats socket, and the upstream each
 * request went to in nginx's access log.
 */
final class Hosts implements AutoCloseable {
    static final List<String> APPLICATION_HOSTS = List.of("app1", "app2", "app3");
    static final int APPLICATION_PORT = 8000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The balancers, both on the balancer host, each on a port of its own. */
    enum Balancer {
        NGINX(8080, "nginx"),
        HAPROXY(8081, "HAProxy");

        final int port;
        final String title;

        Balancer(int port, String title) {
            this.port = port;
            this.title = title;
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, LauncherProcess> launchers = new LinkedHashMap<>();
    private final Map<String, String> sameSecret = Map.of("COOKIE_SECRET", randomSecret());
    private final List<String> launcherOptions;
    private final TestNetwork network;
    private final Path dir;

    private Hosts(TestNetwork network, Path dir, List<String> launcherOptions) {
        this.network = network;
        this.dir = dir;
        this.launcherOptions = launcherOptions;
        started.add(network);
    }

    /**
     * Starts the hosts, with {@code launcherOptions} added to each launcher's, and both balancers once every
     * launcher is ready (HAProxy checks its servers from the start); returns when each balancer passes a request on.
     */
    static Hosts start(String... launcherOptions) throws Exception {
        Hosts hosts = new Hosts(
                TestNetwork.create(
                        "balancer",
                        Stream.concat(APPLICATION_HOSTS.stream(), Stream.of("client"))
                                .toArray(String[]::new)),
                Files.createTempDirectory("gale-hosts"),
                List.of(launcherOptions));
        try {
            for (String name : APPLICATION_HOSTS) {
                Files.copy(
                        Artifacts.webappWar(),
                        Files.createDirectory(hosts.dir.resolve(name)).resolve("app.war"));
                hosts.launchers.put(name, hosts.started(hosts.launch(name)));
            }
            // The configs are written while the launchers start.
            Map<String, List<String>> balancers = new LinkedHashMap<>();
            balancers.put("nginx", hosts.nginxCommand());
            balancers.put("haproxy", hosts.haproxyCommand());
            for (LauncherProcess launcher : hosts.launchers.values()) {
                launcher.awaitReady();
            }
            for (Map.Entry<String, List<String>> balancer : balancers.entrySet()) {
                hosts.started(ProxyProcess.foreground(
                        balancer.getKey(), hosts.balancer().exec(balancer.getValue())));
            }
            for (Balancer each : Balancer.values()) {
                hosts.awaitAnswering(each);
            }
            return hosts;
        } catch (Exception | Error e) {
            hosts.close();
            throw e;
        }
    }

    private LauncherProcess launch(String name) throws IOException {
        TestNetwork.Host host = network.host(name);
        List<String> arguments = new ArrayList<>(List.of(
                war(name).toString(),
                "--processes=2",
                "--port=" + APPLICATION_PORT,
                "--address=" + host.address(),
                "--xheaders",
                "--trusted_proxies=" + balancer().address() + "/32"));
        arguments.addAll(launcherOptions);
        return LauncherProcess.launchThrough(
                host.exec(List.of()), sameSecret, Artifacts.launcherJar(), arguments.toArray(String[]::new));
    }

    private List<String> nginxCommand() throws Exception {
        Path nginxDir = Files.createDirectory(dir.resolve("nginx"));
        Path config = ProxyProcess.nginxConfig(
                nginxDir,
                ProxyProcess.generatedConfig(
                        "nginx", upstreams(), listen(Balancer.NGINX), "--static_path=" + Artifacts.staticDir()));
        String accessLog = "access_log " + nginxAccessLog() + ";";
        String withUpstream = Files.readString(config)
                .replace(
                        accessLog,
                        "log_format upstream '$status $upstream_addr';\n    access_log " + nginxAccessLog()
                                + " upstream;");
        Files.writeString(config, withUpstream);
        return ProxyProcess.nginxCommand(nginxDir, config);
    }

    private List<String> haproxyCommand() throws Exception {
        Path config = Files.writeString(
                dir.resolve("haproxy.cfg"),
                ProxyProcess.generatedConfig("haproxy", upstreams(), listen(Balancer.HAPROXY))
                        .replace("\nglobal\n", "\nglobal\n    stats socket " + haproxySocket() + " mode 600\n"));
        return ProxyProcess.haproxyCommand(config);
    }

    private String upstreams() {
        return "--upstreams="
                + String.join(
                        ",",
                        APPLICATION_HOSTS.stream()
                                .map(name -> network.host(name).address() + ":" + APPLICATION_PORT)
                                .toList());
    }

    private String listen(Balancer balancer) {
        return "--listen=" + hostAndPort(balancer);
    }

    private <T extends AutoCloseable> T started(T closeable) {
        started.add(closeable);
        return closeable;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    TestNetwork.Host host(String name) {
        return network.host(name);
    }

    TestNetwork.Host client() {
        return network.host("client");
    }

    TestNetwork.Host balancer() {
        return network.host("balancer");
    }

    LauncherProcess launcher(String name) {
        return launchers.get(name);
    }

    Map<String, LauncherProcess> launchers() {
        return launchers;
    }

    /** The WAR {@code name} runs: a copy of its own, so a deploy can rename a new one over it. */
    Path war(String name) {
        return dir.resolve(name).resolve("app.war");
    }

    /** A directory for the test's own files, removed with the hosts. */
    Path dir() {
        return dir;
    }

    /** The balancer's address and port, as the client's Host header names them. */
    String hostAndPort(Balancer balancer) {
        return balancer().address() + ":" + balancer.port;
    }

    String url(Balancer balancer, String path) {
        return "http://" + hostAndPort(balancer) + path;
    }

    String applicationUrl(String name, String path) {
        return "http://" + network.host(name).address() + ":" + APPLICATION_PORT + path;
    }

    /** Waits until a request from the client through {@code balancer} gets a 200 from an application. */
    void awaitAnswering(Balancer balancer) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (HostHttp.connect(client(), url(balancer, "/"), 1) == 0) {
                RawHttp.Response response = HostHttp.get(client(), url(balancer, "/"));
                if (response.status() == 200) {
                    return;
                }
                last = response.status() + " " + response.body();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(balancer + " did not pass a request on within " + WAIT + ": " + last);
    }

    /** Starts {@code name}'s launcher again, as its process manager would after a crash, and waits until it serves. */
    void relaunch(String name) throws Exception {
        LauncherProcess launcher = started(launch(name));
        launchers.put(name, launcher);
        launcher.awaitReady();
    }

    /** Requests {@code balancer} sent each application host so far (and HAProxy's retries and redispatches). */
    Map<String, Long> served(Balancer balancer) throws IOException {
        return balancer == Balancer.NGINX ? nginxServed() : haproxyRequests();
    }

    /** Requests each application host answered through nginx so far (with a 2xx or 3xx), from its access log. */
    Map<String, Long> nginxServed() throws IOException {
        Map<String, String> hostOf = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : APPLICATION_HOSTS) {
            hostOf.put(network.host(name).address() + ":" + APPLICATION_PORT, name);
            counts.put(name, 0L);
        }
        try (Stream<String> lines = Files.lines(nginxAccessLog())) {
            // A request tried on several hosts lists them all, the one that answered last.
            lines.filter(line -> line.startsWith("2") || line.startsWith("3"))
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .map(hostOf::get)
                    .filter(Objects::nonNull)
                    .forEach(name -> counts.merge(name, 1L, Long::sum));
        }
        return counts;
    }

    /** Requests HAProxy sent each application host so far, and its retries and redispatches, from its stats. */
    Map<String, Long> haproxyRequests() throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < APPLICATION_HOSTS.size(); i++) {
            counts.put(APPLICATION_HOSTS.get(i), number(haproxyServer(i).get("req_tot")));
        }
        Map<String, String> backend = haproxyServer(-1);
        counts.put("retries", number(backend.get("wretr")));
        counts.put("redispatches", number(backend.get("wredis")));
        return counts;
    }

    /** HAProxy's statistics of server {@code galeN}, or of the whole backend for -1, by column name. */
    Map<String, String> haproxyServer(int index) throws IOException {
        String csv;
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(haproxySocket()))) {
            channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            StringBuilder read = new StringBuilder();
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                read.append(StandardCharsets.US_ASCII.decode(buffer));
                buffer.clear();
            }
            csv = read.toString();
        }
        List<String> lines = csv.lines().toList();
        List<String> columns = Arrays.asList(lines.get(0).substring(2).split(","));
        String name = index < 0 ? "BACKEND" : "gale" + index;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            if (fields.length >= columns.size() && fields[0].equals("gale") && fields[1].equals(name)) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), fields[i]);
                }
                return values;
            }
        }
        throw new AssertionError("HAProxy's statistics have no " + name + ": " + csv);
    }

    private static long number(String field) {
        return field.isEmpty() ? 0 : Long.parseLong(field);
    }

    private Path haproxySocket() {
        return dir.resolve("haproxy.sock");
    }

    private Path nginxAccessLog() {
        return dir.resolve("nginx").resolve("access.log");
    }

    /** Stops what was started, last first, then removes the network and the directory. */
    @Override
    public void close() throws IOException {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + started.get(i) + ": " + e);
            }
        }
        ProcessesIT.deleteTree(dir);
    }
}
