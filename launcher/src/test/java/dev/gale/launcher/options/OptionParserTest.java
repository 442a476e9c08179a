package dev.gale.launcher.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.web.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionParserTest {
    private static final Setting<Integer> PORT = Setting.integer("port", 8888, "Port");
    private static final Setting<List<String>> PORTS = Setting.list("ports", List.of(), "Ports");
    private static final Setting<Duration> TIMEOUT = Setting.duration("timeout", Duration.ofSeconds(10), "Timeout");
    private static final Setting<Long> SIZE = Setting.size("size", 1024, "Size");
    private static final Setting<Boolean> VERBOSE = Setting.flag("verbose", false, "Verbose");
    private static final Setting<Path> CONFIG = Setting.path("config", "Config file");
    private static final Setting<Boolean> HELP = Setting.flag("help", false, "Help");
    private static final List<Setting<?>> TABLE = List.of(PORT, PORTS, TIMEOUT, SIZE, VERBOSE, CONFIG, HELP);

    @TempDir
    Path dir;

    private static String failure(OptionParser parser, String... args) {
        StartupException e = assertThrows(StartupException.class, () -> parser.parse(List.of(args)));
        assertEquals(StartupException.USAGE, e.exitStatus());
        return e.getMessage();
    }

    @Test
    void valuesComeBackTyped() throws StartupException {
        Options options = new OptionParser(TABLE)
                .parse(List.of("--port=9000", "--ports", "8000-8001,9000", "--timeout=2m", "--size=512k", "--verbose"));
        int port = options.get(PORT);
        List<String> ports = options.get(PORTS);
        assertEquals(9000, port);
        assertEquals(List.of("8000-8001", "9000"), ports);
        assertEquals(Duration.ofMinutes(2), options.get(TIMEOUT));
        assertEquals(512 * 1024L, options.get(SIZE));
        assertTrue(options.get(VERBOSE));
        assertNull(options.get(CONFIG));
    }

    @Test
    void aSettingOutsideTheTableIsRefused() throws StartupException {
        Options options = new OptionParser(List.of(PORT)).parse(List.of());
        assertThrows(IllegalArgumentException.class, () -> options.get(VERBOSE));
    }

    @Test
    void sourcesRankDefaultsFileEnvironmentCommandLine() throws Exception {
        Path file = Files.writeString(dir.resolve("a.conf"), "port = 7000\ntimeout = 3s\nsize = '2k'\n");
        OptionParser parser = new OptionParser(TABLE)
                .withEnvironment(Map.of("GALE_PORT", "7100", "GALE_CONFIG", file.toString()))
                .withConfigFile(CONFIG, List.of(CONFIG, HELP));
        Options fromAll = parser.parse(List.of("--timeout=4s"));
        assertEquals(7100, fromAll.get(PORT));
        assertEquals(Duration.ofSeconds(4), fromAll.get(TIMEOUT));
        assertEquals(2048L, fromAll.get(SIZE));
        assertEquals(Map.of(PORT, "7100", TIMEOUT, "4s", SIZE, "2k", CONFIG, file.toString()), fromAll.given());
    }

    @Test
    void anActionSkipsTheValues() throws StartupException {
        Options options = new OptionParser(TABLE).withActions(List.of(HELP)).parse(List.of("--port=x", "--help"));
        assertTrue(options.get(HELP));
        assertEquals(8888, options.get(PORT));
        assertEquals(
                "unknown option --prot (see --help)",
                failure(new OptionParser(TABLE).withActions(List.of(HELP)), "--help", "--prot"));
    }

    @Test
    void errorsNameTheOptionAndWhereItsValueCameFrom() throws Exception {
        OptionParser parser = new OptionParser(TABLE);
        assertEquals("--port: \"x\" is not an integer", failure(parser, "--port=x"));
        assertEquals("--size: \"5q\" is not a size (such as 52428800, 512k, 50m, 1g)", failure(parser, "--size=5q"));
        assertEquals("--port needs a value", failure(parser, "--port"));
        assertEquals("unexpected argument \"8080\" (options look like --port=8888)", failure(parser, "8080"));
        assertEquals(
                "unknown option --prot (status takes --port)",
                failure(new OptionParser(List.of(PORT)).forCommand("status"), "--prot=1"));
        assertEquals(
                "GALE_PORT (port): \"x\" is not an integer", failure(parser.withEnvironment(Map.of("GALE_PORT", "x"))));
        Path file = Files.writeString(dir.resolve("b.conf"), "help = true\n");
        assertEquals(
                file + ": unknown option help",
                failure(parser.withConfigFile(CONFIG, List.of(CONFIG, HELP)), "--config=" + file));
    }

    @Test
    void aConfigFileMayNameASettingAsTheEnvironmentDoes() throws Exception {
        Setting<String> secret = Setting.string("cookie_secret", "", "Secret").withEnvironmentVariable("COOKIE_SECRET");
        Path file = Files.writeString(dir.resolve("secret"), "COOKIE_SECRET=abc\nGALE_PORT=7000\n");
        Options options = new OptionParser(List.of(PORT, CONFIG, secret))
                .withConfigFile(CONFIG, List.of(CONFIG))
                .parse(List.of("--config=" + file));
        assertEquals("abc", options.get(secret));
        assertEquals(7000, options.get(PORT));
    }
}
