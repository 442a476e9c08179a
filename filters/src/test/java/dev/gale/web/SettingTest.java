package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingTest {
    private static final Setting<Boolean> FLAG = Setting.flag("autoreload", false, "Reload on change");
    private static final Setting<Integer> PORT = Setting.integer("port", 8888, "The port");
    private static final Setting<Duration> TIMEOUT = Setting.duration("timeout", Duration.ofSeconds(30), "Timeout");
    private static final Setting<List<String>> HOSTS = Setting.list("hosts", List.of("a", "b"), "Hosts");
    private static final Setting<Path> STATIC = Setting.path("static_path", "Static files");
    private static final Setting<String> SECRET = Setting.string("cookie_secret", "", "Secret");

    @Test
    void flagAcceptsTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "yes", "1", " on ")) {
            assertEquals(true, FLAG.parse(yes), () -> "'" + yes + "'");
        }
        for (String no : List.of("false", "False", "no", "0", "off")) {
            assertEquals(false, FLAG.parse(no), () -> "'" + no + "'");
        }
    }

    @Test
    void flagRejectsOtherWordsQuotingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FLAG.parse("maybe"));
        assertTrue(e.getMessage().contains("\"maybe\""), e::getMessage);
        assertTrue(e.getMessage().contains("not a boolean"), e::getMessage);
    }

    @Test
    void integerParsesAndRejectsText() {
        assertEquals(8080, PORT.parse("8080"));
        assertEquals(-1, PORT.parse(" -1 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PORT.parse("http"));
        assertEquals("\"http\" is not an integer", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PORT.parse("99999999999"));
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String raw = "x".repeat(100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PORT.parse(raw));
        assertEquals("\"" + "x".repeat(40) + "...\" is not an integer", e.getMessage());
    }

    @Test
    void durationUnderstandsUnits() {
        assertEquals(Duration.ofSeconds(10), TIMEOUT.parse("10s"));
        assertEquals(Duration.ofMillis(500), TIMEOUT.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), TIMEOUT.parse("2m"));
        assertEquals(Duration.ofHours(1), TIMEOUT.parse("1h"));
        assertEquals(Duration.ofSeconds(5), TIMEOUT.parse("5"), "a bare number is seconds");
    }

    @Test
    void durationRejectsWordsAndUnknownUnits() {
        for (String bad : List.of("ten", "10d", "-5s", "1.5s", "s", "")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> TIMEOUT.parse(bad), () -> "'" + bad + "'");
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e::getMessage);
        }
    }

    @Test
    void durationDefaultIsShownWithItsUnit() {
        assertEquals("30s", TIMEOUT.defaultText());
        assertEquals(
                "1500ms", Setting.duration("t", Duration.ofMillis(1500), "").defaultText());
    }

    @Test
    void listSplitsOnCommasAndDropsBlanks() {
        assertEquals(List.of("a", "b", "c"), HOSTS.parse("a, b,,c , ,"));
        assertEquals(List.of(), HOSTS.parse(" , "));
        assertEquals("a,b", HOSTS.defaultText());
    }

    @Test
    void pathParsesAndRejectsEmpty() {
        assertEquals(Path.of("/var/www/static"), STATIC.parse(" /var/www/static "));
        assertNull(STATIC.defaultValue());
        assertThrows(IllegalArgumentException.class, () -> STATIC.parse("  "));
    }

    @Test
    void stringKeepsTheValueAndShowsEmptyDefaultAsNone() {
        assertEquals("s3cret", SECRET.parse("s3cret"));
        assertEquals("none", SECRET.defaultText());
        assertEquals("string", SECRET.typeName());
    }

    @Test
    void environmentVariableDefaultsToGalePrefixedName() {
        assertEquals("GALE_COOKIE_SECRET", SECRET.environmentVariable());
        assertEquals("GALE_DEBUG", Settings.DEBUG.environmentVariable());
        Setting<Integer> port = PORT.withEnvironmentVariable("PORT");
        assertEquals("PORT", port.environmentVariable());
        assertEquals("port", port.name());
        assertEquals(8888, port.defaultValue());
    }

    @Test
    void typeNameSaysWhichKindOfSettingItIs() {
        assertTrue(FLAG.isFlag());
        assertFalse(PORT.isFlag());
        assertEquals("bool", Settings.SERVE_TRACEBACK.typeName());
        assertEquals("int", PORT.typeName());
        assertEquals("duration", TIMEOUT.typeName());
        assertEquals("list", HOSTS.typeName());
        assertEquals("path", STATIC.typeName());
    }

    @Test
    void readParsesTheValuesTheSourceHas() {
        Map<String, String> source = Map.of("debug", "yes");
        Settings settings = Settings.read(setting -> source.get(setting.name()));
        assertEquals(Optional.of(true), settings.explicit(Settings.DEBUG));
        assertEquals(Optional.empty(), settings.explicit(Settings.SERVE_TRACEBACK));
        assertTrue(settings.serveTraceback(), "serve_traceback follows debug");
    }

    @Test
    void readNamesTheSettingThatDoesNotParse() {
        Map<String, String> source = Map.of("serve_traceback", "maybe");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Settings.read(setting -> source.get(setting.name())));
        assertTrue(e.getMessage().startsWith("serve_traceback: "), e::getMessage);
        assertTrue(e.getMessage().contains("\"maybe\""), e::getMessage);
    }

    @Test
    void serveTracebackFollowsDebugUnlessGiven() {
        assertFalse(Settings.empty().debug());
        assertFalse(Settings.empty().serveTraceback());
        assertTrue(Settings.empty().with(Settings.DEBUG, true).serveTraceback());
        assertFalse(Settings.empty()
                .with(Settings.DEBUG, true)
                .with(Settings.SERVE_TRACEBACK, false)
                .serveTraceback());
        assertTrue(Settings.empty().with(Settings.SERVE_TRACEBACK, true).serveTraceback());
        assertFalse(Settings.empty().with(Settings.SERVE_TRACEBACK, true).debug());
    }

    @Test
    void overriddenByKeepsExplicitValuesTheOverridesLack() {
        Settings code = Settings.empty().with(Settings.DEBUG, true).with(Settings.SERVE_TRACEBACK, false);
        Settings overrides = Settings.empty().with(Settings.SERVE_TRACEBACK, true);

        Settings merged = code.overriddenBy(overrides);
        assertEquals(Optional.of(true), merged.explicit(Settings.DEBUG));
        assertEquals(Optional.of(true), merged.explicit(Settings.SERVE_TRACEBACK));

        Settings unchanged = code.overriddenBy(Settings.empty());
        assertEquals(Optional.of(true), unchanged.explicit(Settings.DEBUG));
        assertEquals(Optional.of(false), unchanged.explicit(Settings.SERVE_TRACEBACK));

        Settings debugOff = code.overriddenBy(Settings.empty().with(Settings.DEBUG, false));
        assertFalse(debugOff.debug());
        assertFalse(debugOff.serveTraceback());
    }

    @Test
    void settingsAreImmutable() {
        Settings empty = Settings.empty();
        Settings debug = empty.with(Settings.DEBUG, true);
        assertEquals(Optional.empty(), empty.explicit(Settings.DEBUG));
        assertEquals(Optional.of(true), debug.explicit(Settings.DEBUG));
        assertSame(Settings.empty(), empty);
    }

    @Test
    void describeListsEffectiveValues() {
        String described = Settings.empty().with(Settings.DEBUG, true).describe();
        assertTrue(described.startsWith("debug=true, autoreload=true, serve_traceback=true"), described);
        assertEquals(
                List.of(Settings.DEBUG, Settings.AUTORELOAD, Settings.SERVE_TRACEBACK),
                Settings.declared().subList(0, 3));
    }

    @Test
    void durationTooLargeIsRejectedQuotingIt() {
        for (String huge : List.of("3000000000000000h", "200000000000000000m", "99999999999999999999s")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> TIMEOUT.parse(huge), () -> "'" + huge + "'");
            assertTrue(e.getMessage().contains("\"" + huge + "\""), e::getMessage);
        }
    }
}
