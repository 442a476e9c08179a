package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.app.DebugHandlers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code debug} as Tornado has it: it supplies the defaults of autoreload, compiled_template_cache,
 * static_hash_cache and serve_traceback, and a value given for any of them wins, whichever source gives it.
 */
class DebugSettingsTest {
    /** What debug makes of each setting it leads. */
    private static final Map<Setting<Boolean>, Boolean> UNDER_DEBUG = Map.of(
            Settings.AUTORELOAD, true,
            Settings.COMPILED_TEMPLATE_CACHE, false,
            Settings.STATIC_HASH_CACHE, false,
            Settings.SERVE_TRACEBACK, true);

    @Test
    void debugSuppliesTheDevelopmentDefaults() {
        Settings debug = Settings.empty().with(Settings.DEBUG, true);
        UNDER_DEBUG.forEach((setting, value) -> assertEquals(value, debug.get(setting), setting.name()));
        for (Settings production : List.of(Settings.empty(), Settings.empty().with(Settings.DEBUG, false))) {
            UNDER_DEBUG.forEach((setting, value) -> assertEquals(!value, production.get(setting), setting.name()));
        }
    }

    @Test
    void eachExplicitValueWinsOverDebugAndLeavesTheOthersToIt() {
        for (boolean debug : List.of(true, false)) {
            for (Setting<Boolean> given : UNDER_DEBUG.keySet()) {
                for (boolean value : List.of(true, false)) {
                    Settings settings =
                            Settings.empty().with(Settings.DEBUG, debug).with(given, value);
                    String label = "debug=" + debug + ", " + given.name() + "=" + value;
                    assertEquals(value, settings.get(given), label);
                    for (Setting<Boolean> other : UNDER_DEBUG.keySet()) {
                        if (other != given) {
                            boolean expected = debug ? UNDER_DEBUG.get(other) : !UNDER_DEBUG.get(other);
                            assertEquals(expected, settings.get(other), label + ": " + other.name());
                        }
                    }
                    assertTrue(settings.describe().contains(given.name() + "=" + value), settings::describe);
                }
            }
        }
    }

    @Test
    void anExplicitValueWinsWhicheverSourceGivesItAndDebug() {
        Settings code = Settings.empty().with(Settings.STATIC_HASH_CACHE, true);
        Settings debugFromTheContainer =
                code.overriddenBy(Settings.read(setting -> setting == Settings.DEBUG ? "true" : null));
        assertEquals(true, debugFromTheContainer.get(Settings.STATIC_HASH_CACHE));
        assertEquals(true, debugFromTheContainer.get(Settings.AUTORELOAD));
        Settings overriddenInTheContainer = Settings.empty()
                .with(Settings.DEBUG, true)
                .overriddenBy(Settings.read(setting -> setting == Settings.AUTORELOAD ? "false" : null));
        assertEquals(false, overriddenInTheContainer.get(Settings.AUTORELOAD));
        assertEquals(true, overriddenInTheContainer.serveTraceback());
    }

    @Test
    void describeListsTheEffectiveValues() {
        String debug = Settings.empty().with(Settings.DEBUG, true).describe();
        for (String value : List.of(
                "debug=true",
                "autoreload=true",
                "compiled_template_cache=false",
                "static_hash_cache=false",
                "serve_traceback=true")) {
            assertTrue(debug.contains(value), debug);
        }
        String production = Settings.empty().describe();
        for (String value : List.of(
                "debug=false",
                "autoreload=false",
                "compiled_template_cache=true",
                "static_hash_cache=true",
                "serve_traceback=false")) {
            assertTrue(production.contains(value), production);
        }
    }

    /** A context parameter beats the application's code; the start-up log line names what is in effect. */
    @Test
    void aContextParameterOverDebugInTheCodeShowsInTheLogAndThePages() {
        Application application = Application.builder()
                .setting(Settings.DEBUG, true)
                .route("/crash", DebugHandlers.Crash.class)
                .build();
        try (LogCapture log = new LogCapture();
                TestServer server = TestServer.builder()
                        .application(application)
                        .initParameter("serve_traceback", "false")
                        .initParameter("static_hash_cache", "true")
                        .startOrThrow()) {
            String ready = log.lines().stream()
                    .filter(line -> line.contains("Gale application ready"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no start-up line: " + log.lines()));
            for (String value : List.of(
                    "debug=true",
                    "autoreload=true",
                    "compiled_template_cache=false",
                    "static_hash_cache=true",
                    "serve_traceback=false")) {
                assertTrue(ready.contains(value), () -> value + " missing: " + ready);
            }
            HttpResponse<String> response = server.get("/crash");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().matches(".*<p>Request id: [0-9a-f]{12}</p></body></html>"), response::body);
            assertTrue(!response.body().contains("outer"), response::body);
        }
    }
}
