package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The processes of a group run with JVM options that suit one among several (the serial collector; a small initial
 * heap and a share of the memory, which {@code GroupJvmOptionsTest} checks), unless the user gave that family of
 * options to the launcher's own JVM; the demo answers from them either way.
 */
class GroupJvmOptionsIT {
    /** The launcher here runs with -Xmx256m, as every launcher the tests start: a heap the user chose. */
    @Test
    void eachProcessOfAGroupGetsTheSerialCollectorAndKeepsTheHeapTheUserGave() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                Artifacts.launcherJar(), Artifacts.demo(), "--processes=2", "--port=0", "--address=127.0.0.1")) {
            List<List<String>> children = childCommands(launcher);
            assertEquals(2, children.size(), launcher::output);
            for (List<String> command : children) {
                assertTrue(command.contains("-XX:+UseSerialGC"), command::toString);
                assertTrue(command.contains("-Xmx256m"), command::toString);
                assertFalse(command.contains("-Xms16m"), command::toString);
            }
            assertEquals("Hello, world", launcher.get("/").body());
        }
    }

    @Test
    void theUsersOwnCollectorWins() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                Artifacts.launcherJar(),
                List.of("-Xmx96m", "-XX:+UseParallelGC"),
                Artifacts.demo(),
                "--processes=2",
                "--port=0",
                "--address=127.0.0.1")) {
            for (List<String> command : childCommands(launcher)) {
                assertTrue(command.contains("-Xmx96m"), command::toString);
                assertTrue(command.contains("-XX:+UseParallelGC"), command::toString);
                assertFalse(
                        command.stream()
                                .anyMatch(option -> option.startsWith("-Xms")
                                        || option.contains("RAMPercentage")
                                        || option.equals("-XX:+UseSerialGC")),
                        command::toString);
            }
            assertEquals("Hello, world", launcher.get("/").body());
        }
    }

    @Test
    void aSingleProcessKeepsTheJvmsDefaults() throws Exception {
        try (LauncherProcess launcher =
                LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1")) {
            List<String> command = ProcessHandle.of(launcher.pid())
                    .flatMap(process -> process.info().arguments())
                    .map(List::of)
                    .orElseThrow();
            assertFalse(command.contains("-XX:+UseSerialGC"), command::toString);
            assertTrue(launcher.descendants().isEmpty(), launcher::output);
        }
    }

    /** The JVM options and arguments of each Java process the launcher started. */
    private static List<List<String>> childCommands(LauncherProcess launcher) {
        return launcher.descendants().stream()
                .map(child -> child.info().arguments().map(List::of).orElse(List.of()))
                .filter(arguments -> arguments.contains("dev.gale.launcher.Main"))
                .toList();
    }
}
