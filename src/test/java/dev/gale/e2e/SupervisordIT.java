package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real supervisord, run unprivileged from a directory of its own on the config that {@code java -jar launcher.jar
 * config supervisord --standalone=DIR} writes, with four launchers; {@code rolling-restart} restarts them one by
 * one. systemd cannot run here, so its unit is checked as text.
 */
class SupervisordIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern PROGRAM = Pattern.compile("gale:gale-(\\d+)\\s+(\\w+)\\s+pid (\\d+),.*");

    private static Path dir;
    private static Path config;
    private static int firstPort;
    private static ProxyProcess supervisord;
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("gale-supervisord");
        firstPort = ProcessesIT.freeConsecutivePorts(4);
        config = dir.resolve("supervisord.conf");
        Path secret = Files.createFile(
                dir.resolve("secret"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, "COOKIE_SECRET=" + "s3cret-".repeat(6) + "\n");
        Files.writeString(
                config,
                launcher(
                                "config",
                                "supervisord",
                                "--ports=" + firstPort + "-" + (firstPort + 3),
                                "--standalone=" + dir,
                                "--open_files=10000",
                                "--shutdown_timeout=5s",
                                "--secret_file=" + secret,
                                "--command=" + java() + " -Xmx128m -jar " + Artifacts.launcherJar() + " "
                                        + Artifacts.demo() + " --address=127.0.0.1")
                        .output());
        supervisord = ProxyProcess.foreground(
                "supervisord", List.of(ProxyProcess.binary("supervisord"), "-n", "-c", config.toString()));
        awaitPrograms(map ->
                map.size() == 4 && map.values().stream().allMatch(p -> p.state().equals("RUNNING")));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (supervisord != null) {
                List<Long> pids = new ArrayList<>();
                programs().values().forEach(p -> pids.add(p.pid()));
                ProxyProcess.Result shutdown = supervisorctl("shutdown");
                System.err.println("supervisorctl shutdown: " + shutdown.output());
                supervisord.close();
                for (long pid : pids) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } finally {
            if (dir != null) {
                ProcessesIT.deleteTree(dir);
            }
        }
    }

    /** One program as {@code supervisorctl status} shows it. */
    record Program(int port, String state, long pid) {}

    private static Map<Integer, Program> programs() throws Exception {
        Map<Integer, Program> programs = new LinkedHashMap<>();
        for (String line : supervisorctl("status").output().split("\n")) {
            Matcher m = PROGRAM.matcher(line.strip());
            if (m.matches()) {
                programs.put(
                        Integer.parseInt(m.group(1)),
                        new Program(Integer.parseInt(m.group(1)), m.group(2), Long.parseLong(m.group(3))));
            }
        }
        return programs;
    }

    private static Map<Integer, Program> awaitPrograms(java.util.function.Predicate<Map<Integer, Program>> condition)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<Integer, Program> programs = programs();
        while (!condition.test(programs)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "supervisorctl status: " + supervisorctl("status").output() + supervisord.output() + "\n"
                                + Files.readString(dir.resolve("supervisord.log")));
            }
            Thread.sleep(200);
            programs = programs();
        }
        return programs;
    }

    private static ProxyProcess.Result supervisorctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProxyProcess.binary("supervisorctl"), "-c", config.toString()));
        command.addAll(List.of(args));
        return ProxyProcess.run(command, WAIT);
    }

    @Test
    void theGeneratedCommandRunsWithTheJvmOptionsOfTheOneThatMadeIt() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                java(),
                "-Xmx96m",
                "-XX:+UseSerialGC",
                "-XX:TrimNativeHeapInterval=1000",
                "-jar",
                Artifacts.launcherJar().toString(),
                "config",
                "systemd",
                Artifacts.demo(),
                "--ports=8000-8001"));
        ProxyProcess.Result result = ProxyProcess.run(command, Duration.ofMinutes(2));
        assertEquals(0, result.status(), result::output);
        // Heap, collector and trim are all the user's, so none of Gale's options for a group is added.
        assertTrue(
                result.output()
                        .contains("\nExecStart=" + java() + " -Xmx96m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=1000"
                                + " -jar " + Artifacts.launcherJar() + " " + Artifacts.demo() + " --port=%i"),
                result::output);
    }

    @Test
    void anExecutableWarWritesACommandThatRunsItself() throws Exception {
        ProxyProcess.Result result = ProxyProcess.run(
                List.of(java(), "-jar", Artifacts.demo(), "config", "systemd", "--ports=8000-8001"),
                Duration.ofMinutes(2));
        assertEquals(0, result.status(), result::output);
        // Two processes: each gets the options for one among several, the trim where this JVM has it.
        assertTrue(
                Pattern.compile("\nExecStart="
                                + Pattern.quote(java() + " -XX:+UseSerialGC -Xms16m -XX:MaxRAMPercentage=25.0")
                                + "( -XX:TrimNativeHeapInterval=5000)?"
                                + Pattern.quote(" -jar " + Artifacts.demo() + " --port=%i"))
                        .matcher(result.output())
                        .find(),
                result::output);
        assertTrue(result.output().startsWith("# Made by: java -jar webapp.war config systemd"), result::output);
    }

    @Test
    void withoutTheApplicationTheLauncherSaysToNameIt() throws Exception {
        ProxyProcess.Result result = ProxyProcess.run(
                List.of(
                        java(),
                        "-jar",
                        Artifacts.launcherJar().toString(),
                        "config",
                        "supervisord",
                        "--ports=8000-8001"),
                Duration.ofMinutes(2));
        assertEquals(2, result.status(), result::output);
        assertTrue(result.output().strip().startsWith("error: --command: name the application to run"), result::output);
    }

    private static ProxyProcess.Result launcher(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(java(), "-jar", Artifacts.launcherJar().toString()));
        command.addAll(List.of(args));
        ProxyProcess.Result result = ProxyProcess.run(command, Duration.ofMinutes(2));
        assertEquals(0, result.status(), () -> command + ": " + result.output());
        return result;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void supervisordRunsFourLaunchersThatServe() throws Exception {
        Map<Integer, Program> programs = programs();
        assertEquals(List.of(firstPort, firstPort + 1, firstPort + 2, firstPort + 3), List.copyOf(programs.keySet()));
        for (Program program : programs.values()) {
            assertEquals("RUNNING", program.state());
            assertEquals(200, get(program.port(), "/_gale/ready").statusCode());
            HttpResponse<String> long_ = get(program.port(), "/long");
            assertEquals(200, long_.statusCode());
            // supervisord runs the launcher itself, not a shell around it: its pid is the serving process.
            assertEquals(Long.toString(program.pid()), long_.body());
        }
    }

    @Test
    void rollingRestartRestartsEachProgramAndWaitsUntilItIsReady() throws Exception {
        Map<Integer, Program> before = awaitPrograms(map ->
                map.size() == 4 && map.values().stream().allMatch(p -> p.state().equals("RUNNING")));

        ProxyProcess.Result roll = launcher(
                "rolling-restart",
                "--ports=" + firstPort + "-" + (firstPort + 3),
                "--program=gale",
                "--supervisorctl=" + ProxyProcess.binary("supervisorctl") + " -c " + config);
        for (int port = firstPort; port < firstPort + 4; port++) {
            assertTrue(roll.output().contains("gale:gale-" + port + " restarted and ready in "), roll.output());
        }

        Map<Integer, Program> after = programs();
        assertEquals(before.keySet(), after.keySet());
        for (Program program : after.values()) {
            assertEquals("RUNNING", program.state(), after.toString());
            assertFalse(program.pid() == before.get(program.port()).pid(), "not restarted: " + program);
            assertEquals(200, get(program.port(), "/_gale/ready").statusCode());
            assertFalse(ProcessHandle.of(before.get(program.port()).pid())
                    .map(ProcessHandle::isAlive)
                    .orElse(false));
        }
    }

    @Test
    void theSupervisordConfigStopsWithSigtermAndWaitsLongerThanTheShutdownTimeout() throws Exception {
        String text = Files.readString(config);
        assertTrue(text.contains("minfds = 10000"), text);
        assertEquals(
                4, text.lines().filter(line -> line.equals("stopsignal = TERM")).count(), text);
        assertEquals(
                4, text.lines().filter(line -> line.equals("stopwaitsecs = 10")).count(), text);
        assertTrue(text.contains(" --port=" + firstPort + " --shutdown_timeout=5s\n"), text);
    }

    @Test
    void theSystemdUnitRaisesTheOpenFileLimitAndStopsWithSigtermInTime() throws Exception {
        String unit = launcher(
                        "config",
                        "systemd",
                        Artifacts.demo(),
                        "--ports=8000-8003",
                        "--open_files=10000",
                        "--shutdown_timeout=10s")
                .output();
        assertTrue(unit.contains("\nLimitNOFILE=10000\n"), unit);
        assertTrue(unit.contains("\nKillSignal=SIGTERM\n"), unit);
        assertTrue(unit.contains("--port=%i --shutdown_timeout=10s\n"), unit);
        Matcher stop = Pattern.compile("\nTimeoutStopSec=(\\d+)\n").matcher(unit);
        assertTrue(stop.find(), unit);
        assertTrue(Integer.parseInt(stop.group(1)) > 10, unit);
        assertTrue(unit.contains("systemctl enable --now gale@8000 gale@8001 gale@8002 gale@8003"), unit);
    }
}
