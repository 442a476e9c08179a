package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application of a user's own, not the demo, run by {@code java -jar launcher.jar APP} as a WAR and as a
 * directory; how the launcher chooses among applications and refuses when it cannot; the demo's executable WAR; and
 * what {@code --help}, {@code COMMAND --help} and {@code --version} say.
 */
class UserAppIT {
    private static final String PROVIDERS = "WEB-INF/classes/META-INF/services/dev.gale.web.ApplicationProvider";

    @TempDir
    static Path work;

    /** The notes application, exploded: one route, its own static/robots.txt. */
    private static Path notes;

    private static Path notesWar;

    @BeforeAll
    static void buildTheNotesApplication() throws IOException {
        notes = work.resolve("notes");
        Files.createDirectories(notes.resolve("static"));
        Files.writeString(notes.resolve("static/robots.txt"), "User-agent: *\nDisallow: /notes-only\n");
        compile(notes.resolve("WEB-INF/classes"), """
                package dev.notes;

                import dev.gale.web.Application;
                import dev.gale.web.ApplicationProvider;
                import dev.gale.web.RequestHandler;
                import dev.gale.web.Settings;

                public final class NotesApp implements ApplicationProvider {
                    @Override
                    public Application create() {
                        return Application.builder()
                                .route("/", Hello.class)
                                .setting(Settings.STATIC_PATH, "static")
                                .build();
                    }

                    public static final class Hello extends RequestHandler {
                        @Override
                        protected void get() {
                            write("notes");
                        }
                    }

                    public static final class Other implements ApplicationProvider {
                        @Override
                        public Application create() {
                            return Application.builder().route("/", Hello.class).build();
                        }
                    }
                }
                """);
        Path services = notes.resolve(PROVIDERS);
        Files.createDirectories(services.getParent());
        Files.writeString(services, "dev.notes.NotesApp\n");
        notesWar = zip(notes, work.resolve("notes.war"));
    }

    @Test
    void aWarOfItsOwnIsServedWithItsFilesAndNoneOfTheDemos() throws Exception {
        try (LauncherProcess app = LauncherProcess.start(
                Artifacts.launcherJar(), notesWar.toString(), "--port=0", "--address=127.0.0.1")) {
            assertServesNotes(app);
        }
    }

    @Test
    void anExplodedDirectoryIsServedAsItIs() throws Exception {
        try (LauncherProcess app =
                LauncherProcess.start(Artifacts.launcherJar(), notes.toString(), "--port=0", "--address=127.0.0.1")) {
            assertServesNotes(app);
        }
    }

    @Test
    void everyProcessOfAGroupServesTheWar() throws Exception {
        try (LauncherProcess app = LauncherProcess.start(
                Artifacts.launcherJar(), notesWar.toString(), "--port=0", "--address=127.0.0.1", "--processes=2")) {
            assertServesNotes(app);
            assertEquals(2, app.status().members().size(), app::output);
        }
    }

    @Test
    void theDemosExecutableWarServesTheDemo() throws Exception {
        try (LauncherProcess app = LauncherProcess.start(Artifacts.webappWar(), "--port=0", "--address=127.0.0.1")) {
            assertEquals(200, app.get("/home").statusCode(), app::output);
            assertEquals(200, app.get("/static/images/logo.png").statusCode(), app::output);
        }
    }

    @Test
    void severalApplicationsAreRefusedUntilOneIsNamed() throws Exception {
        Path two = Artifacts.copyTree(notes, work.resolve("two-" + System.nanoTime()));
        Files.writeString(two.resolve(PROVIDERS), "dev.notes.NotesApp\ndev.notes.NotesApp$Other\n");
        assertRefused(
                2,
                "error: more than one application in " + two + " (WEB-INF/classes, WEB-INF/lib) "
                        + "(dev.notes.NotesApp, dev.notes.NotesApp$Other): choose one with --application=CLASS",
                Artifacts.launcherJar(),
                two.toString(),
                "--port=0");
        try (LauncherProcess app = LauncherProcess.start(
                Artifacts.launcherJar(),
                two.toString(),
                "--port=0",
                "--address=127.0.0.1",
                "--application=dev.notes.NotesApp")) {
            assertServesNotes(app);
        }
    }

    @Test
    void aMissingOrWrongApplicationClassExits2WithOneLine() throws Exception {
        assertRefused(
                2,
                "error: --application: no class dev.notes.Missing in " + notes + " (WEB-INF/classes, WEB-INF/lib)",
                Artifacts.launcherJar(),
                notes.toString(),
                "--application=dev.notes.Missing");
        assertRefused(
                2,
                "error: --application: dev.notes.NotesApp$Hello is not a dev.gale.web.ApplicationProvider",
                Artifacts.launcherJar(),
                notes.toString(),
                "--application=dev.notes.NotesApp$Hello");
    }

    @Test
    void noApplicationExits2WithOneLine() throws Exception {
        Path empty = Files.createDirectories(
                        work.resolve("empty-" + System.nanoTime()).resolve("static"))
                .getParent();
        assertRefused(
                2,
                "error: no application in " + empty + " (WEB-INF/classes, WEB-INF/lib): list an "
                        + "ApplicationProvider in META-INF/services/dev.gale.web.ApplicationProvider, or name one with "
                        + "--application",
                Artifacts.launcherJar(),
                empty.toString());
        assertRefused(
                2,
                "error: no application in the class path: list an ApplicationProvider in "
                        + "META-INF/services/dev.gale.web.ApplicationProvider, or name one with --application",
                Artifacts.launcherJar());
    }

    @Test
    void debugModeOnAPortInUseExits1WithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertRefused(
                    1,
                    "error: port 127.0.0.1:" + port + " is already in use; stop the other server or choose "
                            + "another with --port",
                    Artifacts.launcherJar(),
                    notes.toString(),
                    "--address=127.0.0.1",
                    "--port=" + port,
                    "--debug");
        }
    }

    @Test
    void helpListsTheCommandsAndNamesTheJarThatRan() throws Exception {
        String help = output(Artifacts.launcherJar(), "--help");
        assertTrue(help.startsWith("Usage: java -jar launcher.jar APP [--name=value ...]"), help);
        for (String command : List.of("config KIND", "status", "reload", "rolling-restart")) {
            assertTrue(help.contains("\n  " + command + " "), () -> "--help lacks " + command + ": " + help);
        }
        assertEquals(help, output(Artifacts.launcherJar(), "-h"));
        String warHelp = output(Artifacts.webappWar(), "--help");
        assertTrue(warHelp.startsWith("Usage: java -jar webapp.war [--name=value ...]"), warHelp);
    }

    @Test
    void eachCommandHasItsHelp() throws Exception {
        assertTrue(output(Artifacts.launcherJar(), "status", "--help")
                .startsWith("Usage: java -jar launcher.jar status [--port=8888]"));
        assertTrue(output(Artifacts.launcherJar(), "reload", "--help")
                .startsWith("Usage: java -jar launcher.jar reload [--port=8888]"));
        assertTrue(output(Artifacts.launcherJar(), "rolling-restart", "--help")
                .startsWith("Usage: java -jar launcher.jar rolling-restart --ports="));
        assertTrue(output(Artifacts.launcherJar(), "config", "--help")
                .startsWith("Usage: java -jar launcher.jar config KIND"));
        assertTrue(output(Artifacts.webappWar(), "config", "supervisord", "--help")
                .startsWith("Usage: java -jar webapp.war config supervisord [options]"));
    }

    @Test
    void versionNamesGaleJettyAndJava() throws Exception {
        String version = output(Artifacts.launcherJar(), "--version");
        assertTrue(version.matches("Gale \\d+\\.\\d+\\.\\d+\\S* \\(Jetty 12\\.\\S+, Java \\S+\\)\n"), version);
        assertEquals(version, output(Artifacts.webappWar(), "--version"));
    }

    private static void assertServesNotes(LauncherProcess app) throws Exception {
        HttpResponse<String> root = app.get("/");
        assertEquals(200, root.statusCode(), app::output);
        assertEquals("notes", root.body());
        HttpResponse<String> robots = app.get("/robots.txt");
        assertEquals(200, robots.statusCode(), app::output);
        assertEquals("User-agent: *\nDisallow: /notes-only\n", robots.body());
        assertEquals(404, app.get("/static/images/logo.png").statusCode(), app::output);
        assertEquals(404, app.get("/home").statusCode(), app::output);
    }

    /** Runs the jar to its end and returns its stdout, checking it exits 0 with nothing on stderr. */
    private static String output(Path jar, String... args) throws Exception {
        try (LauncherProcess process = LauncherProcess.launch(jar, args)) {
            assertEquals(0, process.awaitExit(), process::output);
            assertTrue(process.stderr().isEmpty(), process::output);
            return String.join("\n", process.stdout()) + "\n";
        }
    }

    private static void assertRefused(int status, String line, Path jar, String... args) throws Exception {
        try (LauncherProcess process = LauncherProcess.launch(jar, args)) {
            assertEquals(status, process.awaitExit(), process::output);
            assertEquals(List.of(line), process.stderr(), process::output);
            assertTrue(process.stdout().isEmpty(), process::output);
        }
    }

    private static void compile(Path classes, String source) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path file = work.resolve("src/dev/notes/NotesApp.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Files.createDirectories(classes);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = compiler.run(
                null,
                messages,
                messages,
                "-d",
                classes.toString(),
                "-cp",
                Artifacts.launcherJar().toString(),
                "--release",
                "17",
                "-proc:none",
                file.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + messages.toString(StandardCharsets.UTF_8));
        }
    }

    private static Path zip(Path directory, Path war) throws IOException {
        try (OutputStream file = Files.newOutputStream(war);
                ZipOutputStream out = new ZipOutputStream(file);
                Stream<Path> tree = Files.walk(directory)) {
            List<Path> files =
                    new ArrayList<>(tree.filter(Files::isRegularFile).sorted().toList());
            for (Path path : files) {
                out.putNextEntry(new ZipEntry(directory.relativize(path).toString()));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return war;
    }
}
