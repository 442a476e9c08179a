package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options a user's application declares, as Tornado's {@code define}: listed by {@code --help}, set by the command
 * line, the environment, a config file and a container's context parameters, refused as Gale's own are.
 */
class AppOptionsIT {
    @TempDir
    static Path work;

    private static Path app;

    @BeforeAll
    static void writeTheApplication() throws Exception {
        app = UserApps.write(work.resolve("options-app"), "dev.opts.OptionsApp", """
                package dev.opts;

                import dev.gale.web.Application;
                import dev.gale.web.ApplicationProvider;
                import dev.gale.web.RequestHandler;
                import dev.gale.web.Setting;

                public final class OptionsApp implements ApplicationProvider {
                    static final Setting<String> DATA_DIR =
                            Setting.string("data_dir", "/var/lib/app", "Where the data lives");
                    static final Setting<Integer> WORKERS = Setting.integer("workers", 4, "Worker threads");

                    @Override
                    public Application create() {
                        return Application.builder()
                                .route("/", Data.class)
                                .route("/data", Data.class)
                                .option(DATA_DIR)
                                .option(WORKERS)
                                .build();
                    }

                    public static final class Data extends RequestHandler {
                        @Override
                        protected void get() {
                            write(settings().get(DATA_DIR) + " " + settings().get(WORKERS));
                        }
                    }
                }
                """);
    }

    @Test
    void helpListsTheApplicationsOptionsAfterGales() throws Exception {
        try (LauncherProcess help = LauncherProcess.launch(Artifacts.launcherJar(), app.toString(), "--help")) {
            assertEquals(0, help.awaitExit(), help::output);
            String text = String.join("\n", help.stdout());
            int own = text.indexOf("\nOptions of the application:\n");
            assertTrue(own > text.indexOf("--port=INT"), text);
            assertTrue(
                    text.substring(own)
                            .matches(
                                    "(?s).*\n  --data_dir=STRING +Where the data lives "
                                            + "\\(default: /var/lib/app\\)\n  --workers=INT +Worker threads \\(default: 4\\).*"),
                    text);
        }
    }

    @Test
    void helpWithoutAnApplicationListsGalesOptionsAndSaysTheApplicationsAreMissing() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty/WEB-INF"));
        try (LauncherProcess help = LauncherProcess.launch(
                Artifacts.launcherJar(), empty.getParent().toString(), "--help")) {
            assertEquals(0, help.awaitExit(), help::output);
            String text = String.join("\n", help.stdout());
            assertTrue(text.contains("\n  --port=INT "), text);
            assertTrue(text.contains("\nThe application's own options are missing: no application in "), text);
        }
    }

    @Test
    void theCommandLineSetsAnOptionForTheHandlers() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                Artifacts.launcherJar(),
                app.toString(),
                "--port=0",
                "--address=127.0.0.1",
                "--data_dir=/srv/data",
                "--workers",
                "8")) {
            HttpResponse<String> data = launcher.get("/data");
            assertEquals(200, data.statusCode(), launcher::output);
            assertEquals("/srv/data 8", data.body());
        }
    }

    @Test
    void theEnvironmentAndTheConfigFileSetOptionsUnderTheCommandLine() throws Exception {
        Path config = Files.writeString(work.resolve("app.conf"), "data_dir = /from/file\nworkers = 2\n");
        try (LauncherProcess launcher = LauncherProcess.launchThrough(
                List.of(),
                Map.of("GALE_DATA_DIR", "/from/env"),
                Artifacts.launcherJar(),
                app.toString(),
                "--port=0",
                "--address=127.0.0.1",
                "--config=" + config)) {
            launcher.awaitReady();
            HttpResponse<String> data = launcher.get("/data");
            assertEquals(200, data.statusCode(), launcher::output);
            assertEquals("/from/env 2", data.body());
        }
    }

    @Test
    void aBadValueExits2WithOneLineNamingTheOption() throws Exception {
        assertRefused("error: --workers: \"many\" is not an integer", app.toString(), "--workers=many");
        assertRefused("error: unknown option --datadir (see --help)", app.toString(), "--datadir=/x");
    }

    @Test
    void aContextParameterSetsAnOptionInTomcat() throws Exception {
        Path war = UserApps.war(app, work.resolve("options.war"));
        try (ContainerProcess tomcat = ContainerProcess.start(
                new TomcatDistribution(Artifacts.tomcatHome()),
                war,
                List.of(Deployment.of("opts", Map.of("data_dir", "/from/context", "workers", "3"))))) {
            HttpResponse<String> data = tomcat.get("/opts/data");
            assertEquals(200, data.statusCode(), tomcat::output);
            assertEquals("/from/context 3", data.body());
        }
    }

    private static void assertRefused(String line, String... args) throws Exception {
        try (LauncherProcess process = LauncherProcess.launch(Artifacts.launcherJar(), args)) {
            assertEquals(2, process.awaitExit(), process::output);
            assertEquals(List.of(line), process.stderr(), process::output);
        }
    }
}
