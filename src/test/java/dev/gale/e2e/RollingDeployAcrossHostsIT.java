package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.e2e.Hosts.Balancer;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * A new build rolled across three application hosts ({@link Hosts}) while a client host loads them with keep-alive
 * connections through a balancer: HAProxy with 100 and then 1000 connections, then nginx with 100. The procedure is
 * the README's: on each host in turn, rename the new WAR over the old one, run {@code reload} there (the host's own
 * zero-downtime roll of its processes), wait until the host serves the new build, then the next host. No request
 * may fail, and every host must serve the new build at the end. The figures (requests, failures, latency
 * percentiles with and without a roll, requests each host served) are printed, not asserted. Last, one host stops
 * for good with SIGTERM under the same load: HAProxy takes it out, and no request fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployAcrossHostsIT {
    private static final List<String> APPLICATION_HOSTS = Hosts.APPLICATION_HOSTS;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration STEADY = Duration.ofSeconds(5);
    private static final String FIRST_BUILD = "Hello, world";
    private static final int NGINX_CONNECTIONS = 100;

    private static Hosts hosts;
    private static int builds;

    @BeforeAll
    static void start() throws Exception {
        hosts = Hosts.start("--logging=warning");
        // Warm the processes up, so the first figures without a roll are not those of cold JVMs.
        Wrk.run(hosts.client(), hosts.url(Balancer.HAPROXY, "/"), 100, STEADY);
    }

    @AfterAll
    static void stop() throws IOException {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    void aRollBehindHaproxyLosesNoRequestAndLeavesEveryHostOnTheNewBuild() throws Exception {
        for (int connections : List.of(100, 1000)) {
            rollUnderLoad(Balancer.HAPROXY, connections);
        }
    }

    @Test
    @Order(2)
    void aRollBehindNginxLosesNoRequestAndLeavesEveryHostOnTheNewBuild() throws Exception {
        rollUnderLoad(Balancer.NGINX, NGINX_CONNECTIONS);
    }

    @Test
    @Order(3)
    void aHostThatStopsIsTakenOutWithoutAFailedRequest() throws Exception {
        String leaving = APPLICATION_HOSTS.get(2);
        LauncherProcess launcher = hosts.launcher(leaving);
        Wrk.Summary summary;
        Map<String, String> server;
        try (Wrk load = Wrk.start(hosts.client(), hosts.url(Balancer.HAPROXY, "/"), 100)) {
            Thread.sleep(1000);
            launcher.signal("TERM");
            assertEquals(0, launcher.awaitExit(WAIT), launcher::output);
            long deadline = System.nanoTime() + WAIT.toNanos();
            do {
                assertTrue(System.nanoTime() < deadline, "HAProxy never took " + leaving + " out");
                Thread.sleep(200);
                server = hosts.haproxyServer(2);
            } while (!server.get("status").startsWith("DOWN"));
            Thread.sleep(1000);
            summary = load.stop();
        }
        Map<String, String> backend = hosts.haproxyServer(-1);
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
     * Measures {@code connections} through {@code balancer} without a roll, then rolls a new build across the hosts
     * under the same load; asserts no request failed and every host serves the new build.
     */
    private static void rollUnderLoad(Balancer balancer, int connections) throws Exception {
        TestNetwork.Host client = hosts.client();
        String url = hosts.url(balancer, "/");
        Wrk.Summary steady = Wrk.run(client, url, connections, STEADY);
        assertEquals(0, steady.failed(), steady.text());

        String text = "Hello, build " + ++builds;
        Path war = build(text);
        Map<String, Long> servedBefore = hosts.served(balancer);
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
        Map<String, Long> servedAfter = hosts.served(balancer);

        Map<String, Long> perHost = new LinkedHashMap<>();
        servedAfter.forEach((server, total) -> perHost.put(server, total - servedBefore.getOrDefault(server, 0L)));
        System.out.printf("%s, %d connections, no roll:  %s%n", balancer.title, connections, steady);
        System.out.printf(
                "%s, %d connections, rolling: %s; roll of 3 hosts %.1f s; p50 x%.2f, p99 x%.2f%n",
                balancer.title,
                connections,
                rolled,
                seconds,
                rolled.p50Millis() / steady.p50Millis(),
                rolled.p99Millis() / steady.p99Millis());
        System.out.printf(
                "%s, %d connections, rolling: served per host, and retries %s%n", balancer.title, connections, perHost);
        assertTrue(rolled.requests() > 0, rolled.text());
        assertEquals(0, rolled.failed(), rolled.text());
        for (String host : APPLICATION_HOSTS) {
            for (int i = 0; i < 6; i++) {
                RawHttp.Response response = HostHttp.get(client, hosts.applicationUrl(host, "/?after-" + i));
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
        Path work = Files.createDirectories(hosts.dir().resolve("build-" + builds));
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
        TestNetwork.Host host = hosts.host(name);
        Path target = hosts.war(name);
        Path copy = Files.copy(war, target.resolveSibling("app.war.new"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        LauncherProcess launcher = hosts.launcher(name);
        List<Long> before = LauncherProcess.Status.of(host.exec(List.of(
                        java(),
                        "-jar",
                        Artifacts.launcherJar().toString(),
                        "status",
                        "--port=" + Hosts.APPLICATION_PORT)))
                .pids();
        long started = System.nanoTime();
        ProxyProcess.Result reload = host.run(
                java(), "-jar", Artifacts.launcherJar().toString(), "reload", "--port=" + Hosts.APPLICATION_PORT);
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
                    && HostHttp.get(hosts.balancer(), hosts.applicationUrl(name, "/"))
                            .body()
                            .equals(text)) {
                System.out.printf("%s rolled in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
                return;
            }
            Thread.sleep(200);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
