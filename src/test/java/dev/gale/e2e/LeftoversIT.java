package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a launcher leaves in the temporary directory (its run file, {@code gale-PORT-ADDRESS-HOST.run}, and its
 * unpacked web root,
 * {@code gale-app-*}) when it is killed with {@code kill -9}, and what the next launcher and {@code status} make
 * of it. Each test gives the processes a temporary directory of its own.
 */
class LeftoversIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<LauncherProcess> started = new ArrayList<>();
    private Path temporary;

    @BeforeEach
    void makeTemporaryDirectory() throws Exception {
        temporary = Files.createTempDirectory("gale-leftovers");
    }

    @AfterEach
    void stopEverything() throws Exception {
        started.forEach(LauncherProcess::close);
        ProcessesIT.deleteTree(temporary);
    }

    private LauncherProcess start(int port) throws Exception {
        LauncherProcess launcher = LauncherProcess.start(
                Artifacts.launcherJar(),
                List.of("-Djava.io.tmpdir=" + temporary),
                Artifacts.demo(),
                "--address=127.0.0.1",
                "--port=" + port);
        started.add(launcher);
        return launcher;
    }

    private List<Path> webRoots() throws Exception {
        try (Stream<Path> files = Files.list(temporary)) {
            return files.filter(path -> Files.isDirectory(path)
                            && path.getFileName().toString().startsWith("gale-app-"))
                    .toList();
        }
    }

    private List<Path> runFiles(int port) throws Exception {
        try (Stream<Path> files = Files.list(temporary)) {
            return files.filter(path -> path.getFileName().toString().matches("gale-" + port + "-.*\\.run"))
                    .toList();
        }
    }

    private ProxyProcess.Result status(int port) throws Exception {
        return ProxyProcess.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + temporary,
                        "-jar",
                        Artifacts.launcherJar().toString(),
                        "status",
                        "--port=" + port),
                WAIT);
    }

    @Test
    void theNextStartRemovesWhatALauncherKilledWithSigkillLeft() throws Exception {
        int port = ProcessesIT.freeConsecutivePorts(1);
        LauncherProcess killed = start(port);
        List<Path> leftWebRoots = webRoots();
        assertEquals(1, leftWebRoots.size(), leftWebRoots.toString());
        killed.signal("KILL");
        killed.awaitExit(WAIT);
        assertEquals(1, runFiles(port).size(), runFiles(port).toString());

        LauncherProcess next = start(port);
        assertEquals(200, next.get("/home").statusCode());
        List<Path> webRoots = webRoots();
        assertEquals(1, webRoots.size(), webRoots.toString());
        assertFalse(Files.exists(leftWebRoots.get(0)), "the killed launcher's web root is still there");
        ProxyProcess.Result status = status(port);
        assertEquals(0, status.status(), status.output());
        assertTrue(status.output().contains("supervisor pid " + next.pid()), status.output());

        assertEquals(0, next.stop(), next::output);
        try (Stream<Path> files = Files.list(temporary)) {
            List<Path> left = files.filter(path -> path.getFileName().toString().startsWith("gale-"))
                    .toList();
            assertEquals(List.of(), left, "left after a graceful stop");
        }
    }

    @Test
    void statusDoesNotTrustARunFileWhosePidNowBelongsToAnotherProcess() throws Exception {
        int port = ProcessesIT.freeConsecutivePorts(1);
        long reused = ProcessHandle.current().pid();
        Path runFile = temporary.resolve("gale-" + port + "-all-gone.run");
        Files.writeString(
                runFile,
                "pid=" + reused + "\nstarted=1000\nport=" + port + "\nmember.0=" + reused + " " + port + " 1\n");

        ProxyProcess.Result status = status(port);
        assertEquals(1, status.status(), status.output());
        assertEquals(
                "error: no Gale launcher runs on port " + port + " here (no live gale-" + port + "-*.run in "
                        + temporary + ")",
                status.output().strip());
        assertFalse(Files.exists(runFile), "the stale run file is still there");
    }
}
