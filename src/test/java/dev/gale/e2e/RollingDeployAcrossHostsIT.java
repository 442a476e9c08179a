package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A new build rolled across three application hosts behind HAProxy while a client host loads them with keep-alive
 * connections through it, 100 and then 1000 ({@code src/test/bench/rolling-deploy-hosts} does the same behind nginx
 * too). The procedure is the README's: on each host in turn, rename the new
 * WAR over the old one, run {@code reload} there (the host's own zero-downtime roll of its processes), wait until
 * the host serves the new build, then the next host. No request may fail, and every host must serve the new build
 * at the end. The figures (requests, failures, latency percentiles with and without a roll, requests each host
 * served) are printed, not asserted. Last, one host stops for good with SIGTERM under the same load: HAProxy takes it
 * out, and no request fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployAcrossHostsIT {
    private static final List<String> APPLICATION_HOSTS = List.of("app1", "app2", "app3");
    private static final int APPLICATION_PORT = 8000;
    private static final int HAPROXY_PORT = 8081;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration STEADY = Duration.ofSeconds(5);
    private static final String FIRST_BUILD = "Hello, world";

    private static final List<AutoCloseable> STARTED = new ArrayList<>();
    private static final Map<String, LauncherProcess> LAUNCHERS = new LinkedHashMap<>();
    private static TestNetwork network;
    private static Path dir;
    private static Path haproxySocket;
    private static int builds;

    @BeforeAll
    static void start() throws Exception {
        network = started(TestNetwork.create("balancer", "app1", "app2", "app3", "client"));
        dir = Files.createTempDirectory("gale-rolling-hosts");
        TestNetwork.Host balancer = network.host("balancer");
        Map<String, String> sameSecret = Map.of("COOKIE_SECRET", randomSecret());
        for (String name : APPLICATION_HOSTS) {
            TestNetwork.Host host = network.host(name);
            Path war = Files.copy(
                    Artifacts.webappWar(),
                    Files.createDirectory(dir.resolve(name)).resolve("app.war"));
            LAUNCHERS.put(
                    name,
                    started(LauncherProcess.launchThrough(
                            host.exec(List.of()),
                            sameSecret,
                            Artifacts.launcherJar(),
                            war.toString(),
                            "--processes=2",
                            "--port=" + APPLICATION_PORT,
                            "--address=" + host.address(),
                            "--xheaders",
                            "--trusted_proxies=" + balancer.address() + "/32",
                            "--logging=warning")));
        }
        String upstreams = "--upstreams="
                + String.join(
                        ",",
                        APPLICATION_HOSTS.stream()
                                .map(name -> network.host(name).address() + ":" + APPLICATION_PORT)
                                .toList());
        haproxySocket = dir.resolve("haproxy.sock");
        Path haproxyConfig = Files.writeString(
                dir.resolve("haproxy.cfg"),
                ProxyProcess.generatedConfig(
                                "haproxy", upstreams, "--listen=" + balancer.address() + ":" + HAPROXY_PORT)
                        .replace("\nglobal\n", "\nglobal\n    stats socket " + haproxySocket + " mode 600\n"));
        for (LauncherProcess launcher : LAUNCHERS.values()) {
            launcher.awaitReady();
        }
        started(ProxyProcess.foreground("haproxy", balancer.exec(ProxyProcess.haproxyCommand(haproxyConfig))));
        awaitAnswering(balancerUrl(HAPROXY_PORT));
        // Warm the processes up, so the first figures without a roll are not those of cold JVMs.
        Wrk.run(network.host("client"), balancerUrl(HAPROXY_PORT), 100, STEADY);
    }

    @AfterAll
    static void stop() throws IOException {
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            try {
                STARTED.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + STARTED.get(i) + ": " + e);
            }
        }
        if (dir != null) {
            ProcessesIT.deleteTree(dir);
        }
    }

    private static <T extends AutoCloseable> T started(T closeable) {
        STARTED.add(closeable);
        return closeable;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String balancerUrl(int port) {
        return "http://" + network.host("balancer").address() + ":" + port + "/";
    }

    private static String applicationUrl(String host) {
        return "http://" + network.host(host).address() + ":" + APPLICATION_PORT + "/";
    }

    private static void awaitAnswering(String url) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (HostHttp.connect(network.host("client"), url, 1) == 0
                    && HostHttp.get(network.host("client"), url).status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " did not answer within " + WAIT);
    }

    @Test
    @Order(1)
    void aRollAcrossTheHostsLosesNoRequestAndLeavesEveryHostOnTheNewBuild() throws Exception {
        for (int connections : List.of(100, 1000)) {
            rollUnderLoad(connections);
        }
    }

    @Test
    @Order(2)
    void aHostThatStopsIsTakenOutWithoutAFailedRequest() throws Exception {
        String leaving = APPLICATION_HOSTS.get(2);
        Wrk.Summary summary;
        Map<String, String> server;
        try (Wrk load = Wrk.start(network.host("client"), balancerUrl(HAPROXY_PORT), 100)) {
            Thread.sleep(1000);
            LAUNCHERS.get(leaving).signal("TERM");
            assertEquals(0, LAUNCHERS.get(leaving).awaitExit(WAIT), LAUNCHERS.get(leaving)::output);
            long deadline = System.nanoTime() + WAIT.toNanos();
            do {
                assertTrue(System.nanoTime() < deadline, "HAProxy never took " + leaving + " out");
                Thread.sleep(200);
                server = haproxyServer(2);
            } while (!server.get("status").startsWith("DOWN"));
            Thread.sleep(1000);
            summary = load.stop();
        }
        Map<String, String> backend = haproxyServer(-1);
        System.out.printf(
                "HAProxy, 100 connections, %s stopped with SIGTERM: %s; its check: %s %s; retries %s, "
                        + "redispatches %s%n",
                leaving,
                summary,
                server.get("check_status"),
                server.get("check_code"),
                backend.get("wretr"),
                backend.get("wredis"));
        assertEquals(0, summary.failed(), summary.text());
        assertTrue(summary.requests() > 0, summary.text());
    }

    /**
     * Measures {@code connections} through HAProxy without a roll, then rolls a new build across the hosts under
     * the same load; asserts no request failed and every host serves the new build.
     */
    private static void rollUnderLoad(int connections) throws Exception {
        TestNetwork.Host client = network.host("client");
        String url = balancerUrl(HAPROXY_PORT);
        Wrk.Summary steady = Wrk.run(client, url, connections, STEADY);
        assertEquals(0, steady.failed(), steady.text());

        String text = "Hello, build " + ++builds;
        Path war = build(text);
        Map<String, Long> servedBefore = haproxyRequests();
        long rollStarted = System.nanoTime();
        Wrk.Summary rolled;
        try (Wrk load = Wrk.start(client, url, connections)) {
            Thread.sleep(1000);
            for (String host : APPLICATION_HOSTS) {
                deploy(host, war, text);
            }
            Thread.sleep(1000);
            rolled = load.stop();
        }
        double seconds = (System.nanoTime() - rollStarted) / 1e9;
        Map<String, Long> servedAfter = haproxyRequests();

        Map<String, Long> perHost = new LinkedHashMap<>();
        servedAfter.forEach((server, total) -> perHost.put(server, total - servedBefore.getOrDefault(server, 0L)));
        System.out.printf("HAProxy, %d connections, no roll:  %s%n", connections, steady);
        System.out.printf(
                "HAProxy, %d connections, rolling: %s; roll of 3 hosts %.1f s; p50 x%.2f, p99 x%.2f%n",
                connections,
                rolled,
                seconds,
                rolled.p50Millis() / steady.p50Millis(),
                rolled.p99Millis() / steady.p99Millis());
        System.out.printf(
                "HAProxy, %d connections, rolling: served per host, and HAProxy's retries %s%n", connections, perHost);
        assertTrue(rolled.requests() > 0, rolled.text());
        assertEquals(0, rolled.failed(), rolled.text());
        for (String host : APPLICATION_HOSTS) {
            for (int i = 0; i < 6; i++) {
                RawHttp.Response response = HostHttp.get(client, applicationUrl(host) + "?after-" + i);
                assertEquals(200, response.status(), host);
                assertEquals(text, response.body(), host);
            }
        }
    }

    /** A WAR of the demo whose {@code /} answers {@code text}. */
    private static Path build(String text) throws Exception {
        String source = DemoCompiler.source("MainHandler");
        String changed = source.replace("write(\"" + FIRST_BUILD + "\")", "write(\"" + text + "\")");
        assertNotEquals(source, changed, "the edit must change MainHandler");
        Path work = Files.createDirectories(dir.resolve("build-" + builds));
        Map<String, byte[]> classes = DemoCompiler.compile("MainHandler", changed, work);
        Path war = Files.copy(Artifacts.webappWar(), work.resolve("app.war"));
        try (FileSystem zip = FileSystems.newFileSystem(war)) {
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                Files.write(zip.getPath("WEB-INF/classes", entry.getKey()), entry.getValue());
            }
        }
        return war;
    }

    /**
     * One host's part of the deploy: the new WAR renamed over the old one, {@code reload} run on the host, then a
     * wait until its processes are new ones that answer, the old ones gone, and {@code /} says {@code text}.
     */
    private static void deploy(String name, Path war, String text) throws Exception {
        TestNetwork.Host host = network.host(name);
        Path target = dir.resolve(name).resolve("app.war");
        Path copy = Files.copy(war, target.resolveSibling("app.war.new"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        LauncherProcess launcher = LAUNCHERS.get(name);
        List<Long> before = LauncherProcess.Status.of(host.exec(List.of(
                        java(), "-jar", Artifacts.launcherJar().toString(), "status", "--port=" + APPLICATION_PORT)))
                .pids();
        long started = System.nanoTime();
        ProxyProcess.Result reload =
                host.run(java(), "-jar", Artifacts.launcherJar().toString(), "reload", "--port=" + APPLICATION_PORT);
        assertEquals(0, reload.status(), reload.output());
        long deadline = started + WAIT.toNanos();
        while (true) {
            assertTrue(System.nanoTime() < deadline, name + " did not roll: " + launcher.output());
            // The supervisor starts each new process before it stops an old one: two processes, none of them old,
            // means the roll is done.
            List<Long> processes =
                    launcher.descendants().stream().map(ProcessHandle::pid).toList();
            if (processes.size() == 2
                    && processes.stream().noneMatch(before::contains)
                    && HostHttp.get(network.host("balancer"), applicationUrl(name))
                            .body()
                            .equals(text)) {
                System.out.printf("%s rolled in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
                return;
            }
            Thread.sleep(200);
        }
    }

    /** Requests HAProxy sent each application host so far, and its retries and redispatches, from its stats. */
    private static Map<String, Long> haproxyRequests() throws IOException {
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
    private static Map<String, String> haproxyServer(int index) throws IOException {
        String csv;
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(haproxySocket))) {
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

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
