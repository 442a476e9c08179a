package dev.gale.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.launcher.options.StartupException;
import dev.gale.web.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherOptionsTest {
    @TempDir
    Path dir;

    private static LauncherOptions parse(Map<String, String> env, String... args) throws StartupException {
        return LauncherOptions.parse(List.of(args), env);
    }

    private static String failure(Map<String, String> env, String... args) {
        StartupException e = assertThrows(StartupException.class, () -> parse(env, args));
        assertEquals(StartupException.USAGE, e.exitStatus(), e::getMessage);
        return e.getMessage();
    }

    @Test
    void defaultsServePort8888OnAllInterfaces() throws StartupException {
        LauncherOptions options = parse(Map.of());
        assertEquals(8888, options.port());
        assertEquals("", options.address());
        assertEquals("info", options.logging());
        assertTrue(options.applicationSettings().isEmpty());
    }

    @Test
    void theDrainDelayIsNoneUnlessGivenAndReachesTheServer() throws StartupException {
        assertEquals(Duration.ZERO, parse(Map.of()).serverConfig().drainDelay());
        assertEquals(
                Duration.ofSeconds(5),
                parse(Map.of(), "--drain_delay=5s").serverConfig().drainDelay());
        assertEquals(
                Duration.ofMillis(1500),
                parse(Map.of("GALE_DRAIN_DELAY", "1500ms")).serverConfig().drainDelay());
        assertTrue(failure(Map.of(), "--drain_delay=soon").startsWith("--drain_delay"));
    }

    @Test
    void valuesMayFollowAnEqualsSignOrTheNextArgument() throws StartupException {
        assertEquals(9000, parse(Map.of(), "--port=9000").port());
        assertEquals(9001, parse(Map.of(), "--port", "9001").port());
        assertEquals(
                "127.0.0.1",
                parse(Map.of(), "--address", "127.0.0.1", "--port=1").address());
    }

    @Test
    void aFlagAloneIsTrueAndAnExplicitValueWins() throws StartupException {
        assertEquals(Map.of("debug", "true"), parse(Map.of(), "--debug").applicationSettings());
        assertEquals(
                Map.of("debug", "true", "serve_traceback", "false"),
                parse(Map.of(), "--debug", "--serve_traceback=false").applicationSettings());
    }

    @Test
    void dashesAndUnderscoresAreTheSame() throws StartupException {
        assertEquals(
                Map.of("serve_traceback", "true"),
                parse(Map.of(), "--serve-traceback").applicationSettings());
    }

    @Test
    void theApplicationClassComesFromTheCommandLineTheEnvironmentOrTheConfigFile(
            @org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        assertEquals("", LauncherOptions.parse(List.of(), Map.of()).application());
        assertEquals(
                "a.Env",
                LauncherOptions.parse(List.of(), Map.of("GALE_APPLICATION", "a.Env"))
                        .application());
        assertEquals(
                "a.Line",
                LauncherOptions.parse(List.of("--application=a.Line"), Map.of("GALE_APPLICATION", "a.Env"))
                        .application());
        Path config = Files.writeString(directory.resolve("gale.conf"), "application = a.File\n");
        assertEquals(
                "a.File",
                LauncherOptions.parse(List.of("--config=" + config), Map.of()).application());
        assertTrue(LauncherOptions.helpText().contains("\n  --application=STRING"), LauncherOptions.helpText());
    }

    @Test
    void unknownOptionIsNamed() {
        assertEquals("unknown option --prot (see --help)", failure(Map.of(), "--prot=80"));
    }

    @Test
    void wrongTypeNamesTheOptionAndTheValue() {
        assertEquals("--port: \"http\" is not an integer", failure(Map.of(), "--port=http"));
        assertEquals("--debug: \"maybe\" is not a boolean (use true or false)", failure(Map.of(), "--debug=maybe"));
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertEquals("--port: 70000 is not a port (0 to 65535)", failure(Map.of(), "--port=70000"));
    }

    @Test
    void optionWithoutItsValueIsRefused() {
        assertEquals("--port needs a value", failure(Map.of(), "--port"));
        assertEquals("--port needs a value", failure(Map.of(), "--port", "--debug"));
    }

    @Test
    void strayArgumentIsRefused() {
        assertTrue(failure(Map.of(), "8080").startsWith("unexpected argument \"8080\""));
    }

    @Test
    void unknownLogLevelIsRefused() {
        assertTrue(failure(Map.of(), "--logging=loud").startsWith("--logging: \"loud\""));
    }

    @Test
    void environmentFillsInAndTheCommandLineWins() throws StartupException {
        Map<String, String> env = Map.of("GALE_PORT", "7000", "GALE_DEBUG", "yes");
        assertEquals(7000, parse(env).port());
        assertEquals(Map.of("debug", "yes"), parse(env).applicationSettings());
        assertEquals(7001, parse(env, "--port=7001").port());
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        assertEquals("GALE_PORT (port): \"x\" is not an integer", failure(Map.of("GALE_PORT", "x")));
    }

    @Test
    void configFileIsReadBeforeEnvironmentAndCommandLine() throws Exception {
        Path config = write("# the demo\nport = 7100\naddress = \"127.0.0.1\"\ndebug = true\n");
        LauncherOptions fromFile = parse(Map.of(), "--config=" + config);
        assertEquals(7100, fromFile.port());
        assertEquals("127.0.0.1", fromFile.address());
        assertEquals(Map.of("debug", "true"), fromFile.applicationSettings());
        assertEquals(
                7200,
                parse(Map.of("GALE_PORT", "7200"), "--config", config.toString())
                        .port());
        assertEquals(
                7300,
                parse(Map.of("GALE_PORT", "7200"), "--config=" + config, "--port=7300")
                        .port());
    }

    @Test
    void configFileWithUnknownOptionNamesFileAndOption() throws Exception {
        Path config = write("prot = 80\n");
        assertEquals(config + ": unknown option prot", failure(Map.of(), "--config=" + config));
    }

    @Test
    void badValueInConfigFileNamesFileAndOption() throws Exception {
        Path config = write("port = eighty\n");
        assertEquals(config + " (port): \"eighty\" is not an integer", failure(Map.of(), "--config=" + config));
    }

    @Test
    void missingConfigFileIsAUsageError() {
        assertTrue(failure(Map.of(), "--config=" + dir.resolve("nope.conf")).startsWith("--config: cannot read"));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() throws StartupException {
        assertTrue(parse(Map.of(), "--help", "--port=nonsense-is-ignored-after-help")
                .helpRequested());
        String help = LauncherOptions.helpText();
        for (String line : List.of(
                "--port=INT",
                "(default: 8888)",
                "--address=STRING",
                "--debug ",
                "--serve_traceback ",
                "--config=PATH",
                "--logging=STRING",
                "--help ")) {
            assertTrue(help.contains(line), () -> "help lacks " + line + ":\n" + help);
        }
        assertFalse(help.contains("null"), help);
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("gale.conf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theApplicationsOptionsAreReadFromEverySourceAndPassedOnAsSettings() throws Exception {
        Setting<Integer> workers = Setting.integer("workers", 4, "Worker threads");
        Setting<String> dataDir = Setting.string("data_dir", "/var/lib/app", "Where the data lives");
        LauncherOptions options = LauncherOptions.parse(
                List.of("--workers=8"), Map.of("GALE_DATA_DIR", "/srv"), List.of(workers, dataDir));
        assertEquals(Map.of("workers", "8", "data_dir", "/srv"), options.applicationSettings());
        StartupException bad = assertThrows(
                StartupException.class,
                () -> LauncherOptions.parse(List.of("--workers=many"), Map.of(), List.of(workers)));
        assertEquals("--workers: \"many\" is not an integer", bad.getMessage());
        StartupException clash = assertThrows(
                StartupException.class,
                () -> LauncherOptions.parse(List.of(), Map.of(), List.of(Setting.integer("port", 1, "mine"))));
        assertEquals(
                "the application declares --port, which is an option of the launcher; give it another name",
                clash.getMessage());
        String help = LauncherOptions.helpText(List.of(workers), "");
        assertTrue(help.contains("\nOptions of the application:\n  --workers=INT"), help);
    }

    @Test
    void whereTheApplicationIsPassesOverOptionsNotYetKnown() throws Exception {
        Path config = Files.writeString(dir.resolve("gale.conf"), "data_dir = /x\napplication = a.File\n");
        assertEquals(
                "a.File",
                LauncherOptions.whereTheApplicationIs(
                                List.of("--data_dir", "/srv", "--verbose", "--config=" + config), Map.of())
                        .get(LauncherOptions.APPLICATION));
        assertEquals(
                "a.Line",
                LauncherOptions.whereTheApplicationIs(List.of("--workers", "3", "--application", "a.Line"), Map.of())
                        .get(LauncherOptions.APPLICATION));
    }
}
