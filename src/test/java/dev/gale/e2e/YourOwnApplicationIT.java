package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Your own application", command by command, from an empty directory: the archetype writes a project,
 * {@code mvn package} tests it and makes {@code notes.war}, which then serves its own routes and files (not the
 * demo's) as an executable, in real Tomcat and jetty-home, and under {@code launcher.jar}; {@code mvn gale:run}
 * reloads an edited handler without a failed request.
 *
 * <p>Maven runs as a user's would, with a home of its own: its settings name a local repository holding this build's
 * artifacts (the e2e module's {@code pre-integration-test} installs them there, as {@code mvn install} in Gale's
 * checkout does for a user) and read everything else from the local repository of this build, so nothing is
 * downloaded and the user's repository is left as it was.
 */
class YourOwnApplicationIT {
    static final String VERSION = System.getProperty("gale.version", "0.1.0-SNAPSHOT");
    static final String GENERATE = "mvn org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate"
            + " -DarchetypeGroupId=dev.gale -DarchetypeArtifactId=gale-archetype -DarchetypeVersion=" + VERSION
            + " -DgroupId=com.example -DartifactId=notes -DinteractiveMode=false";
    static final String PACKAGE = "mvn package";
    static final String RUN = "mvn gale:run";
    static final String COMPILE = "mvn compile";
    static final String EXECUTABLE = "java -jar target/notes.war";
    static final String LAUNCHER = "java -jar launcher.jar notes.war";
    static final List<String> NGINX = List.of(
            "config",
            "nginx",
            "--upstreams=127.0.0.1:8000-8003",
            "--static_path=/srv/notes/static",
            "--server_name=example.com");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);
    private static final Pattern READY = Pattern.compile("Gale ready on (http://\\S+/)");

    private static Path mavenHome;
    private static Path project;
    private static Path war;

    @BeforeAll
    static void generateAndPackage() throws Exception {
        Files.createDirectories(Artifacts.runDirectory());
        Path run = Files.createTempDirectory(Artifacts.runDirectory(), "own-application-");
        mavenHome = mavenHome(run.resolve("home"));
        Path empty = Files.createDirectories(run.resolve("work"));
        runToSuccess(empty, GENERATE);
        project = empty.resolve("notes");
        runToSuccess(project, PACKAGE);
        war = project.resolve("target/notes.war");
        assertTrue(Files.isRegularFile(war), "no " + war);
    }

    @Test
    void theReadmeGivesTheCommandsThisTestRuns() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("gale.readme", "README.md")));
        String section = readme.substring(readme.indexOf("## Your own application"));
        section = section.substring(0, section.indexOf("\n## ", 1)).replace(" \\\n    ", " ");
        for (String command : List.of(
                GENERATE,
                "cd notes",
                RUN,
                COMPILE,
                PACKAGE,
                EXECUTABLE,
                LAUNCHER,
                "cp target/notes.war",
                "java -jar target/notes.war " + String.join(" ", NGINX))) {
            assertTrue(section.contains(command), "README's \"Your own application\" lacks: " + command);
        }
    }

    @Test
    void runsAsAnExecutableWar() throws Exception {
        try (LauncherProcess notes = LauncherProcess.start(war, "--port=0")) {
            assertServesItsOwnApplication(notes.base());
        }
    }

    @Test
    void runsUnderTheLauncher() throws Exception {
        try (LauncherProcess notes = LauncherProcess.start(Artifacts.launcherJar(), war.toString(), "--port=0")) {
            assertServesItsOwnApplication(notes.base());
        }
    }

    @Test
    void deploysInTomcat() throws Exception {
        try (ContainerProcess tomcat = ContainerProcess.start(
                new TomcatDistribution(Artifacts.tomcatHome()), war, List.of(Deployment.of("notes")))) {
            assertServesItsOwnApplication(tomcat.uri("/notes/"));
        }
    }

    @Test
    void deploysInJettyHome() throws Exception {
        try (ContainerProcess jetty = ContainerProcess.start(
                new JettyHomeDistribution(Artifacts.jettyHome()), war, List.of(Deployment.of("notes")))) {
            assertServesItsOwnApplication(jetty.uri("/notes/"));
        }
    }

    @Test
    void writesAnNginxConfigurationNginxAccepts() throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", war.toString()));
        command.addAll(NGINX);
        ProxyProcess.Result generated = ProxyProcess.run(command, Duration.ofSeconds(30));
        assertEquals(0, generated.status(), generated.output());
        assertTrue(generated.output().contains("upstream"), generated.output());
        Path dir = Files.createTempDirectory(Artifacts.runDirectory(), "notes-nginx-");
        ProxyProcess.Result test = ProxyProcess.nginxTest(dir, ProxyProcess.nginxConfig(dir, generated.output()));
        assertEquals(0, test.status(), test.output());
    }

    @Test
    void theDevelopmentLoopReloadsAnEditedHandlerWithoutAnError() throws Exception {
        int port = ProxyProcess.freePort();
        try (Shell run = Shell.start(project, RUN, "-Dgale.port=" + port)) {
            URI base = run.awaitReady();
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest note = HttpRequest.newBuilder(base.resolve("api/notes/1"))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            assertEquals(
                    200, client.send(note, HttpResponse.BodyHandlers.ofString()).statusCode(), run.output());

            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean edited = new AtomicBoolean();
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    try {
                        HttpResponse<String> response = client.send(note, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            failures.add(response.statusCode() + " " + response.body());
                        } else if (response.headers()
                                .firstValue("X-Note-Format")
                                .isPresent()) {
                            edited.set(true);
                        }
                        Thread.sleep(100);
                    } catch (IOException e) {
                        failures.add(e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poller.start();
            Path handler = project.resolve("src/main/java/com/example/NoteJsonHandler.java");
            String source = Files.readString(handler);
            Files.writeString(
                    handler,
                    source.replace(
                            "write(notes.find(id)",
                            "setHeader(\"X-Note-Format\", \"1\");\n        write(notes.find(id)"));
            runToSuccess(project, COMPILE);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!edited.get() && System.nanoTime() < deadline && failures.isEmpty()) {
                Thread.sleep(100);
            }
            polling.set(false);
            poller.join(10_000);
            assertEquals(List.of(), failures, run.output());
            assertTrue(edited.get(), "the edited handler never answered" + run.output());
        }
    }

    /** The generated application's routes and files answer, and nothing of the demo does. */
    private static void assertServesItsOwnApplication(URI root) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> note = get(client, root.resolve("api/notes/1"), Map.of());
        assertEquals(200, note.statusCode());
        assertEquals("{\"id\":1,\"text\":\"Welcome to Gale\"}", note.body());

        HttpResponse<String> robots = get(client, root.resolve("robots.txt"), Map.of());
        assertEquals(200, robots.statusCode());
        assertEquals("User-agent: *\nDisallow: /api/\n", robots.body());
        assertEquals(
                404,
                get(client, root.resolve("static/images/logo.png"), Map.of()).statusCode());
        assertEquals(404, get(client, root.resolve("home"), Map.of()).statusCode());

        HttpResponse<String> german = get(client, root, Map.of("Accept-Language", "de-DE"));
        assertEquals(200, german.statusCode());
        assertTrue(german.body().contains("<h1>Notizen</h1>"), german.body());
        Matcher css = Pattern.compile("href=\"([^\"]*/static/css/notes\\.css\\?v=[0-9a-f]{16})\"")
                .matcher(german.body());
        assertTrue(css.find(), german.body());
        assertEquals(200, get(client, root.resolve(css.group(1)), Map.of()).statusCode());
        HttpResponse<String> chinese = get(client, root, Map.of("Accept-Language", "zh-CN"));
        assertTrue(chinese.body().contains("<h1>Notes</h1>"), chinese.body());
        assertFalse(chinese.body().contains("lang=\"zh"), chinese.body());

        Matcher token = Pattern.compile("name=\"_xsrf\" value=\"([^\"]+)\"").matcher(german.body());
        assertTrue(token.find(), german.body());
        Matcher action = Pattern.compile("<form action=\"([^\"]+)\"").matcher(german.body());
        assertTrue(action.find(), german.body());
        URI form = root.resolve(action.group(1));
        assertEquals(403, post(client, form, "text=Forged").statusCode());
        HttpResponse<String> added =
                post(client, form, "text=Buy+milk&_xsrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        assertEquals(302, added.statusCode(), added.body());
        assertTrue(get(client, root, Map.of()).body().contains("Buy milk"));
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String form) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A Maven home whose settings take this build's artifacts from the repository the e2e module filled, and
     * everything else from this build's own local repository, read as a remote one.
     */
    private static Path mavenHome(Path home) throws IOException {
        Path m2 = Files.createDirectories(home.resolve(".m2"));
        Path userRepository = Path.of(System.getProperty("gale.userRepository")).toAbsolutePath();
        Path buildRepository =
                Path.of(System.getProperty("gale.buildRepository")).toAbsolutePath();
        Files.writeString(m2.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>build-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(
                        Xml.escape(userRepository.toString()),
                        Xml.escape(buildRepository.toUri().toString())));
        return home;
    }

    /** Runs a README command with {@code bash -c} in {@code directory} and fails when it fails. */
    private static void runToSuccess(Path directory, String command) throws Exception {
        try (Shell shell = Shell.start(directory, command)) {
            int status = shell.awaitExit(BUILD_TIMEOUT);
            assertEquals(0, status, command + " in " + directory + shell.output());
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * A command as a user types it, run by {@code bash -c} with this JVM's {@code java} first on the path and Maven
     * given the test's home ({@code MAVEN_OPTS=-Duser.home=...}); stdout and stderr are kept for failure messages.
     */
    private static final class Shell implements AutoCloseable {
        private final Process process;
        private final List<String> output = new CopyOnWriteArrayList<>();
        private final Thread pump;

        private Shell(Process process) {
            this.process = process;
            this.pump = new Thread(() -> {
                try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        output.add(line);
                    }
                } catch (IOException e) {
                    output.add("(output closed: " + e + ")");
                }
            });
            pump.setDaemon(true);
            pump.start();
        }

        static Shell start(Path directory, String command, String... mavenOptions) throws IOException {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true);
            Path javaBin = Path.of(System.getProperty("java.home"), "bin");
            builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment()
                    .put("MAVEN_OPTS", ("-Duser.home=" + mavenHome + " " + String.join(" ", mavenOptions)).strip());
            return new Shell(builder.start());
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout + output());
            }
            pump.join(5000);
            return process.exitValue();
        }

        URI awaitReady() throws InterruptedException {
            long deadline = System.nanoTime() + BUILD_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                for (String line : output) {
                    Matcher ready = READY.matcher(line);
                    if (ready.find()) {
                        return URI.create(ready.group(1));
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no ready line" + output());
        }

        String output() {
            return "\n--- output\n" + String.join("\n", output);
        }

        /** Stops the command and everything it started, gracefully first. */
        @Override
        public void close() {
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (ProcessHandle handle : tree) {
                handle.onExit().completeOnTimeout(handle, 20, TimeUnit.SECONDS).join();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
