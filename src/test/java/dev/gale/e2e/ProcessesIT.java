package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --processes=N}: a supervisor and its child JVMs, as {@code status}, the clients and {@code ProcessHandle}
 * see them when children die, the parent dies, or the group is rolled under load.
 */
class ProcessesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        for (Path dir : directories) {
            deleteTree(dir);
        }
    }

    private LauncherProcess group(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--address=127.0.0.1"));
        args.addAll(List.of(options));
        if (args.stream().noneMatch(a -> a.startsWith("--webroot="))) {
            args.add(0, Artifacts.demo());
        }
        if (args.stream().noneMatch(a -> a.startsWith("--port="))) {
            args.add("--port=0");
        }
        LauncherProcess launcher = LauncherProcess.launch(Artifacts.launcherJar(), args.toArray(String[]::new));
        started.add(launcher);
        launcher.awaitReady();
        return launcher;
    }

    private Load load(URI url, int threads) {
        Load load = Load.start(url, threads);
        started.add(load);
        return load;
    }

    /** The pids that answer {@code count} concurrent {@code /long} requests, each on a connection of its own. */
    private static Set<String> pidsOfConcurrentLongRequests(URI base, int count) throws Exception {
        HttpClient fresh =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            responses.add(fresh.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/long?" + i))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> pids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> answered = response.get(60, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode(), answered.body());
            pids.add(answered.body());
        }
        return pids;
    }

    private static Set<String> asText(List<Long> pids) {
        Set<String> text = new HashSet<>();
        pids.forEach(pid -> text.add(Long.toString(pid)));
        return text;
    }

    private static void assertBothChildrenServe(LauncherProcess group, int processes) throws Exception {
        LauncherProcess.Status status = group.status();
        assertEquals(processes, status.members().size(), status.text());
        assertEquals(group.pid(), status.supervisorPid(), status.text());
        assertFalse(status.pids().contains(group.pid()), status.text());
        // SO_REUSEPORT spreads connections by a hash of their addresses: 16 connections all landing on one of two
        // processes would happen once in 30,000 runs.
        Set<String> answered = pidsOfConcurrentLongRequests(group.base(), 16);
        assertEquals(asText(status.pids()), answered, status.text());
    }

    @Test
    void twoProcessesBothServeTheSharedPort() throws Exception {
        LauncherProcess group = group("--processes=2");
        assertBothChildrenServe(group, 2);
    }

    /** The accept queue of each socket listening on {@code port}, as {@code ss} shows it (its Send-Q). */
    private static List<Integer> acceptQueues(int port) throws Exception {
        ProxyProcess.Result ss = ProxyProcess.run(List.of("ss", "-ltnH", "sport = :" + port), Duration.ofSeconds(10));
        assertEquals(0, ss.status(), ss.output());
        return ss.output()
                .lines()
                .map(line -> Integer.parseInt(line.strip().split("\\s+")[2]))
                .toList();
    }

    @Test
    void everyProcessQueuesAsManyConnectionsAsTheSystemAllows() throws Exception {
        ProxyProcess.Result sysctl =
                ProxyProcess.run(List.of("cat", "/proc/sys/net/core/somaxconn"), Duration.ofSeconds(10));
        int somaxconn = Integer.parseInt(sysctl.output().strip());
        LauncherProcess group = group("--processes=2");
        assertEquals(List.of(somaxconn, somaxconn), acceptQueues(group.base().getPort()));

        LauncherProcess given = group("--backlog=200");
        assertEquals(List.of(200), acceptQueues(given.base().getPort()));
    }

    /** {@code java -Djava.io.tmpdir=TEMPORARY -jar launcher.jar ARGS...}. */
    private static List<String> launcherCommand(Path temporary, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + temporary,
                "-jar",
                Artifacts.launcherJar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void twoGroupsOnOnePortAtTwoAddressesSharingATemporaryDirectoryEachKeepTheirOwn() throws Exception {
        Path temporary = Files.createTempDirectory("gale-shared-tmp");
        directories.add(temporary);
        int port = freeConsecutivePorts(1);
        List<String> addresses = List.of("127.0.0.2", "127.0.0.3");
        List<LauncherProcess> groups = new ArrayList<>();
        for (String address : addresses) {
            LauncherProcess group = LauncherProcess.launch(
                    Artifacts.launcherJar(),
                    List.of("-Djava.io.tmpdir=" + temporary),
                    Artifacts.demo(),
                    "--processes=2",
                    "--address=" + address,
                    "--port=" + port);
            started.add(group);
            groups.add(group);
        }
        for (LauncherProcess group : groups) {
            group.awaitReady();
        }
        List<List<Long>> before = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            LauncherProcess.Status status = LauncherProcess.Status.of(
                    launcherCommand(temporary, "status", "--port=" + port, "--address=" + addresses.get(i)));
            assertEquals(groups.get(i).pid(), status.supervisorPid(), status.text());
            assertEquals(2, status.members().size(), status.text());
            assertTrue(status.members().stream().allMatch(LauncherProcess.Status.Member::answering), status.text());
            before.add(status.pids());
        }

        ProxyProcess.Result ambiguous = ProxyProcess.run(launcherCommand(temporary, "status", "--port=" + port), WAIT);
        assertEquals(1, ambiguous.status(), ambiguous.output());
        assertEquals(
                "error: 2 launchers listen on port " + port + " here, on 127.0.0.2, 127.0.0.3; name one with "
                        + "--address=",
                ambiguous.output().strip());

        ProxyProcess.Result reload =
                ProxyProcess.run(launcherCommand(temporary, "reload", "--port=" + port, "--address=127.0.0.3"), WAIT);
        assertEquals(0, reload.status(), reload.output());
        long deadline = System.nanoTime() + WAIT.toNanos();
        LauncherProcess.Status rolled;
        do {
            assertTrue(
                    System.nanoTime() < deadline,
                    "the group on 127.0.0.3 did not roll" + groups.get(1).output());
            Thread.sleep(200);
            rolled = LauncherProcess.Status.of(
                    launcherCommand(temporary, "status", "--port=" + port, "--address=127.0.0.3"));
        } while (rolled.members().size() != 2
                || rolled.pids().stream().anyMatch(before.get(1)::contains)
                || !rolled.members().stream().allMatch(LauncherProcess.Status.Member::answering));
        LauncherProcess.Status untouched = LauncherProcess.Status.of(
                launcherCommand(temporary, "status", "--port=" + port, "--address=127.0.0.2"));
        assertEquals(before.get(0), untouched.pids(), untouched.text());
    }

    @Test
    void processesZeroStartsOnePerCpu() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        LauncherProcess group = group("--processes=0");
        if (cpus > 1) {
            assertBothChildrenServe(group, cpus);
        } else {
            assertEquals(1, group.status().members().size());
        }
    }

    @Test
    void statusCountsEveryRequestTheProcessesServed() throws Exception {
        LauncherProcess group = group("--processes=2");
        int sent = 0;
        for (int i = 0; i < 40; i++, sent++) {
            // A connection each, so both processes get some.
            assertEquals(
                    200,
                    RawHttp.get("127.0.0.1", group.base().getPort(), "/?n=" + i).status());
        }
        pidsOfConcurrentLongRequests(group.base(), 4);
        sent += 4;

        LauncherProcess.Status status = group.status();
        assertEquals(sent, status.served(), status.text());
        assertEquals(
                sent,
                status.members().stream()
                        .mapToLong(LauncherProcess.Status.Member::served)
                        .sum(),
                status.text());
        for (LauncherProcess.Status.Member member : status.members()) {
            assertTrue(member.answering(), status.text());
            assertEquals(group.base().getPort(), member.port(), status.text());
            assertEquals(0, member.inFlight(), status.text());
            assertTrue(member.rssMegabytes() > 0, status.text());
        }
        // Asking again counts nothing new: status itself is not a request served.
        assertEquals(sent, group.status().served());
    }

    @Test
    void killingTheSupervisorWithSigkillLeavesNoChild() throws Exception {
        LauncherProcess group = group("--processes=2");
        List<Long> children = group.status().pids();
        assertEquals(2, children.size());
        assertTrue(children.stream().allMatch(ProcessesIT::alive));

        group.signal("KILL");
        assertTrue(
                awaitGone(children, Duration.ofSeconds(15)),
                () -> "children still alive: "
                        + children.stream().filter(ProcessesIT::alive).toList());
    }

    @Test
    void killingTheSupervisorWithSigkillLetsRequestsInFlightFinish() throws Exception {
        LauncherProcess group = group("--processes=2");
        List<Long> children = group.status().pids();
        try (RawHttp.Connection connection = new RawHttp.Connection(group.base().getPort())) {
            assertEquals(200, connection.get("/").status());
            // Two seconds of work, in flight or just arriving as the supervisor dies: either way it is answered.
            connection.write("GET /long HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            group.signal("KILL");

            RawHttp.Response response = connection.read();
            assertEquals(200, response.status(), response.body());
            assertTrue(asText(children).contains(response.body()), response.body());
        }
        group.awaitLog("The supervisor is gone; stopping", WAIT);
        assertTrue(
                awaitGone(children, Duration.ofSeconds(30)),
                () -> "children still alive: "
                        + children.stream().filter(ProcessesIT::alive).toList());
    }

    @Test
    void aChildKilledWithSigkillIsReplacedAndRequestsKeepSucceeding() throws Exception {
        LauncherProcess group = group("--processes=2");
        List<Long> before = group.status().pids();
        int threads = 10;
        Load load = load(group.base().resolve("/"), threads);
        assertTrue(load.awaitMoreSuccesses(200, WAIT), load::toString);

        long victim = before.get(0);
        assertTrue(ProcessHandle.of(victim).orElseThrow().destroyForcibly());
        LauncherProcess.Status replaced = awaitStatus(
                group,
                s -> s.members().size() == 2
                        && !s.pids().contains(victim)
                        && s.members().stream().allMatch(LauncherProcess.Status.Member::answering));
        assertTrue(replaced.pids().contains(before.get(1)), replaced.text());
        group.awaitLog("Process " + victim + " exited with status 137", WAIT);

        assertTrue(load.awaitMoreSuccesses(500, WAIT), load::toString);
        load.close();
        // Only requests on the killed process's own connections may fail: at most one per client.
        assertTrue(load.failed() <= threads, load::toString);
        assertEquals(200, group.get("/").statusCode());
    }

    @Test
    void distinctPortsGiveEachProcessItsOwnPort() throws Exception {
        int first = freeConsecutivePorts(4);
        LauncherProcess group = group("--processes=4", "--distinct_ports", "--port=" + first);
        LauncherProcess.Status status = group.status();
        assertEquals(
                List.of(first, first + 1, first + 2, first + 3),
                status.members().stream()
                        .map(LauncherProcess.Status.Member::port)
                        .sorted()
                        .toList(),
                status.text());
        Set<String> pids = new HashSet<>();
        for (int port = first; port < first + 4; port++) {
            HttpResponse<String> response =
                    group.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/long")));
            assertEquals(200, response.statusCode());
            pids.add(response.body());
        }
        assertEquals(asText(status.pids()), pids, status.text());
    }

    @Test
    void sigtermStopsTheGroupAfterItsRequestsFinish() throws Exception {
        LauncherProcess group = group("--processes=2");
        List<Long> children = group.status().pids();
        CompletableFuture<HttpResponse<String>> slow = group.client()
                .sendAsync(
                        HttpRequest.newBuilder(group.base().resolve("/long")).build(),
                        HttpResponse.BodyHandlers.ofString());
        group.awaitInFlight(1, WAIT);

        group.signal("TERM");
        HttpResponse<String> response = slow.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(asText(children).contains(response.body()), response.body());
        assertEquals(0, group.awaitExit(WAIT), group::output);
        assertTrue(awaitGone(children, Duration.ofSeconds(15)));
    }

    @Test
    void sighupAndReloadReplaceEveryChildWithoutAFailedRequest() throws Exception {
        LauncherProcess group = group("--processes=2");
        List<Long> first = group.status().pids();

        List<Long> second = rollUnderLoad(group, first, 1, () -> group.signal("HUP"));

        ProxyProcess.Result reload = reload(group.base().getPort());
        assertEquals(0, reload.status(), reload.output());
        assertTrue(reload.output().contains("Sent SIGHUP to " + group.pid()), reload.output());
        rollUnderLoad(group, second, 2, () -> {});
    }

    @Test
    void sighupRollsLoseNoRequestOfKeepAliveClientsThatNeverRetry() throws Exception {
        // Warnings only: this test reads no access line, and a test that must read 100,000 of them slows the group.
        LauncherProcess group = group("--processes=2", "--logging=warning");
        List<Long> pids = group.status().pids();
        for (int connections : new int[] {32, 300}) {
            KeepAliveLoad load = KeepAliveLoad.start(group.base().getPort(), "/", connections);
            started.add(load);
            assertTrue(load.awaitMoreSuccesses(500, WAIT), load::toString);
            for (int roll = 0; roll < 2; roll++) {
                List<Long> before = pids;
                group.signal("HUP");
                // The run file lists a new process once it serves; its status may be slow to answer under this load.
                pids = awaitStatus(
                                group,
                                s -> s.members().size() == 2
                                        && s.pids().stream().noneMatch(before::contains))
                        .pids();
                assertTrue(awaitGone(before, Duration.ofSeconds(60)));
                assertTrue(load.awaitMoreSuccesses(500, WAIT), load::toString);
            }
            load.close();
            assertEquals(0, load.failed(), connections + " connections: " + load + group.output());
        }
    }

    /** Something that starts a roll. */
    private interface Trigger {
        void run() throws Exception;
    }

    /**
     * Rolls the group with {@code trigger} while 20 clients send requests and a {@code /long} is in flight; asserts
     * no request failed and every pid changed, and returns the new pids.
     */
    private List<Long> rollUnderLoad(LauncherProcess group, List<Long> before, int roll, Trigger trigger)
            throws Exception {
        Load load = load(group.base().resolve("/"), 20);
        assertTrue(load.awaitMoreSuccesses(200, WAIT), load::toString);
        CompletableFuture<HttpResponse<String>> slow = group.client()
                .sendAsync(
                        HttpRequest.newBuilder(group.base().resolve("/long")).build(),
                        HttpResponse.BodyHandlers.ofString());

        trigger.run();
        group.awaitLogCount("Rolling restart done", roll, WAIT);
        assertTrue(load.awaitMoreSuccesses(200, WAIT), load::toString);
        load.close();

        assertEquals(0, load.failed(), load::toString);
        HttpResponse<String> response = slow.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(asText(before).contains(response.body()), "the /long was not served by an old process");
        LauncherProcess.Status after = group.status();
        assertEquals(before.size(), after.members().size(), after.text());
        for (long pid : before) {
            assertFalse(after.pids().contains(pid), "pid " + pid + " was not replaced: " + after.text());
        }
        assertTrue(awaitGone(before, Duration.ofSeconds(15)));
        return after.pids();
    }

    @Test
    void aGroupStartedWithSighupIgnoredSaysSoAndReloadRefuses() throws Exception {
        LauncherProcess group = LauncherProcess.launchIgnoring(
                "HUP", Artifacts.launcherJar(), Artifacts.demo(), "--processes=2", "--address=127.0.0.1", "--port=0");
        started.add(group);
        group.awaitReady();
        group.awaitLog("SIGHUP is ignored in this process", WAIT);
        List<Long> children = group.status().pids();

        ProxyProcess.Result reload = reload(group.base().getPort());
        assertEquals(1, reload.status(), reload.output());
        assertEquals(
                "error: process " + group.pid() + " ignores SIGHUP (it was started with nohup?), so nothing "
                        + "would restart; stop it with SIGTERM and start it without nohup",
                reload.output().strip());
        assertEquals(children, group.status().pids());
    }

    @Test
    void reloadRefusesASingleProcessInsteadOfKillingIt() throws Exception {
        LauncherProcess single = group();
        CompletableFuture<HttpResponse<String>> slow = single.client()
                .sendAsync(
                        HttpRequest.newBuilder(single.base().resolve("/long")).build(),
                        HttpResponse.BodyHandlers.ofString());
        single.awaitInFlight(1, WAIT);

        ProxyProcess.Result reload = reload(single.base().getPort());
        assertEquals(1, reload.status(), reload.output());
        assertEquals(
                "error: the launcher on port " + single.base().getPort() + " (pid " + single.pid() + ") is a "
                        + "single process without --processes, which cannot replace itself; restart it with its process "
                        + "manager",
                reload.output().strip());
        HttpResponse<String> response = slow.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals(Long.toString(single.pid()), response.body());
        assertTrue(single.isAlive(), single::output);
    }

    private static ProxyProcess.Result reload(int port) throws Exception {
        return ProxyProcess.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Artifacts.launcherJar().toString(),
                        "reload",
                        "--port=" + port),
                Duration.ofSeconds(30));
    }

    @Test
    void childrenThatCrashInALoopStopTheGroupWithStatus1() throws Exception {
        // The web root is deleted under a running group, as a bad deploy might: the processes that run keep serving
        // from memory, but a replacement cannot start.
        Path webroot = Files.createTempDirectory("gale-webroot");
        directories.add(webroot);
        unzip(Artifacts.webappWar(), webroot);
        LauncherProcess group = group("--processes=2", "--webroot=" + webroot);
        assertEquals(200, group.get("/home").statusCode());
        List<Long> children = group.status().pids();

        deleteTree(webroot);
        assertTrue(ProcessHandle.of(children.get(0)).orElseThrow().destroyForcibly());

        assertEquals(1, group.awaitExit(WAIT), group::output);
        String stopped = group.awaitLog("stopping the group instead of restarting it again", WAIT);
        assertTrue(stopped.contains("Processes exited 5 times in 60 s"), stopped);
        assertTrue(
                group.stderr().stream()
                        .anyMatch(line -> line.equals("error: --webroot: " + webroot + " is not a directory")),
                group::output);
        assertTrue(awaitGone(children, Duration.ofSeconds(15)));
    }

    private static LauncherProcess.Status awaitStatus(
            LauncherProcess group, java.util.function.Predicate<LauncherProcess.Status> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        LauncherProcess.Status status = group.status();
        while (!condition.test(status)) {
            assertTrue(System.nanoTime() < deadline, "status never showed what was expected: " + status.text());
            Thread.sleep(200);
            status = group.status();
        }
        return status;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean awaitGone(List<Long> pids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pids.stream().anyMatch(ProcessesIT::alive)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The first of {@code count} consecutive ports free now, below the ephemeral range clients use. */
    static int freeConsecutivePorts(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20000, 32000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int port = first; port < first + count; port++) {
                    held.add(new ServerSocket(port));
                }
                return first;
            } catch (IOException taken) {
                // try another range
            } finally {
                for (ServerSocket socket : held) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closing a listener that never accepted
                    }
                }
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports");
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the archive's root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
