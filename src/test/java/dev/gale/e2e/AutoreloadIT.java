package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --debug} as a developer runs it: {@code java -cp CLASSES:launcher.jar dev.gale.launcher.Main --debug} over
 * copies of the demo's class directory and web root. The launcher supervises a child JVM that serves; a changed
 * class starts a new one, a changed template needs none, and a class that cannot start shows its error until fixed.
 */
class AutoreloadIT {
    /** How long a reload may take before the test gives up; the time it takes is printed, not asserted. */
    private static final Duration RELOAD_BOUND = Duration.ofSeconds(10);

    private static final String HELLO = "Hello, world";
    private static final String PROVIDER_FAILURE = "the demo cannot start: <no database> & \"no cache\"";

    @TempDir
    Path work;

    private Path classes;
    private Path webroot;

    @BeforeEach
    void copyTheDemo() throws IOException {
        classes = Artifacts.copyTree(Artifacts.webappClasses(), work.resolve("classes"));
        webroot = Artifacts.copyDemoWebRoot(work.resolve("webroot"));
    }

    private List<Path> classPath() {
        return List.of(classes, Artifacts.launcherJar());
    }

    private String[] arguments(String... extra) {
        List<String> all = new ArrayList<>(List.of("--port=0", "--address=127.0.0.1", "--webroot=" + webroot));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private LauncherProcess start(List<String> jvmOptions, String... extra) throws Exception {
        return LauncherProcess.start(jvmOptions, classPath(), arguments(extra));
    }

    /** The demo's MainHandler, compiled to answer {@code text}. */
    private Map<String, byte[]> mainHandlerSaying(String text) throws IOException {
        String source = DemoCompiler.source("MainHandler");
        String changed = source.replace("write(\"" + HELLO + "\")", "write(\"" + text + "\")");
        assertNotEquals(source, changed, "the edit must change MainHandler");
        return DemoCompiler.compile("MainHandler", changed, work);
    }

    /** The demo's FriendFeedApp, compiled to throw in {@code create()}. */
    private Map<String, byte[]> failingProvider() throws IOException {
        String source = DemoCompiler.source("FriendFeedApp");
        String message = PROVIDER_FAILURE.replace("\"", "\\\"");
        String changed = source.replace(
                "public Application create() {",
                "public Application create() {\n"
                        + "        if (Boolean.parseBoolean(\"true\")) {\n"
                        + "            throw new IllegalStateException(\"" + message + "\");\n"
                        + "        }");
        assertNotEquals(source, changed, "the edit must change FriendFeedApp");
        return DemoCompiler.compile("FriendFeedApp", changed, work);
    }

    /** The answer to {@code GET path}, or null while the port answers nothing (between two processes, say). */
    private static HttpResponse<String> answer(LauncherProcess app, String path) throws InterruptedException {
        try {
            return app.get(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** Asks for {@code path} until the answer passes {@code test}, within {@link #RELOAD_BOUND}. */
    private static HttpResponse<String> awaitAnswer(
            LauncherProcess app, String path, Predicate<HttpResponse<String>> test, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + RELOAD_BOUND.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = answer(app, path);
            if (response != null && test.test(response)) {
                return response;
            }
            last = response != null ? response : last;
            Thread.sleep(25);
        }
        HttpResponse<String> seen = last;
        throw new AssertionError("no answer " + what + " within " + RELOAD_BOUND.toSeconds() + " s; last: "
                + (seen == null ? "none" : seen.statusCode() + " " + seen.body()) + app.output());
    }

    /** The pid of the process that serves, as {@code /long} tells it. */
    private static long servingPid(LauncherProcess app) throws Exception {
        HttpResponse<String> response = app.get("/long");
        assertEquals(200, response.statusCode(), response::body);
        return Long.parseLong(response.body().strip());
    }

    private static List<Long> pids(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).toList();
    }

    /** Waits until the launcher runs one child, the old ones having stopped after a reload. */
    private static List<ProcessHandle> awaitOneChild(LauncherProcess app) throws InterruptedException {
        long deadline = System.nanoTime() + RELOAD_BOUND.toNanos();
        List<ProcessHandle> children = app.descendants();
        while (children.size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(25);
            children = app.descendants();
        }
        assertEquals(1, children.size(), "children " + children + app.output());
        return children;
    }

    private static boolean reloaded(LauncherProcess app) {
        return app.stderr().stream().anyMatch(line -> line.contains("Reloaded"));
    }

    @Test
    void anEditedTemplateShowsOnTheNextRequestWithoutARestart() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            HttpResponse<String> before = app.get("/home");
            assertEquals(200, before.statusCode());
            assertTrue(before.body().contains("<h1>Welcome to FriendFeed</h1>"), before::body);
            List<Long> serving = pids(app.descendants());
            assertEquals(1, serving.size(), () -> "one child serves: " + serving);

            Path template = webroot.resolve("WEB-INF/templates/home.mustache");
            Files.writeString(
                    template,
                    Files.readString(template, StandardCharsets.UTF_8).replace("<h1>", "<h1>Edited: "),
                    StandardCharsets.UTF_8);

            HttpResponse<String> after = app.get("/home");
            assertEquals(200, after.statusCode());
            assertTrue(after.body().contains("<h1>Edited: Welcome to FriendFeed</h1>"), after::body);
            assertEquals(serving, pids(app.descendants()), "the same child serves the edited template");
            assertFalse(reloaded(app), app::output);
            assertEquals(0, app.stop());
        }
    }

    @Test
    void anEditedTranslationShowsOnTheNextRequestWithoutARestart() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            HttpResponse<String> before = app.send(chinese(app));
            assertTrue(before.body().contains("<h1>欢迎来到 FriendFeed</h1>"), before::body);
            List<Long> serving = pids(app.descendants());

            Path csv = webroot.resolve("WEB-INF/locale/zh_CN.csv");
            Files.writeString(
                    csv, Files.readString(csv, StandardCharsets.UTF_8).replace("欢迎来到", "欢迎光临"), StandardCharsets.UTF_8);

            HttpResponse<String> after = app.send(chinese(app));
            assertEquals(200, after.statusCode());
            assertTrue(after.body().contains("<h1>欢迎光临 FriendFeed</h1>"), after::body);
            assertEquals(serving, pids(app.descendants()), "the same child serves the edited translation");
            assertEquals(0, app.stop());
        }
    }

    private static HttpRequest.Builder chinese(LauncherProcess app) {
        return HttpRequest.newBuilder(app.base().resolve("/home")).header("Accept-Language", "zh-CN");
    }

    @Test
    void aMissingTemplateNamesTheDirectorySearched() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            Path templates = webroot.resolve("WEB-INF/templates");
            Files.delete(templates.resolve("home.mustache"));
            HttpResponse<String> page = app.get("/home");
            assertEquals(500, page.statusCode());
            assertTrue(page.body().contains("Template home.mustache not found in "), page::body);
            assertTrue(page.body().contains(templates.getFileName() + " (template_path)"), page::body);
            assertEquals(0, app.stop());
        }
    }

    @Test
    void aRecompiledHandlerIsServedAfterAReload() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            assertEquals(HELLO, app.get("/").body());
            long first = servingPid(app);
            assertNotEquals(app.pid(), first, "a child serves, not the launcher");
            for (int edit = 1; edit <= 3; edit++) {
                String text = "Hello, edit " + edit;
                Map<String, byte[]> changed = mainHandlerSaying(text);
                long written = System.nanoTime();
                DemoCompiler.install(changed, classes);
                HttpResponse<String> response =
                        awaitAnswer(app, "/", r -> r.body().equals(text), "saying " + text);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
                System.out.println("Reload " + edit + ": " + millis + " ms from writing MainHandler.class to the "
                        + "first answer of the new code");
                assertEquals(200, response.statusCode());
            }
            List<ProcessHandle> children = awaitOneChild(app);
            long last = servingPid(app);
            assertNotEquals(first, last, "a new child serves the new code");
            assertEquals(List.of(last), pids(children), "the old children are gone");
            app.awaitLog("Reloaded in", Duration.ofSeconds(5));
            assertEquals(0, app.stop());
        }
    }

    @Test
    void aChangeThatFailsToStartLeavesTheOldProcessServing() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            assertEquals(HELLO, app.get("/").body());
            long serving = servingPid(app);

            DemoCompiler.install(failingProvider(), classes);
            String failed = app.awaitLog("The changed application failed to start", RELOAD_BOUND);
            assertTrue(failed.contains("the running one keeps serving"), failed);
            HttpResponse<String> still = app.get("/");
            assertEquals(200, still.statusCode(), app::output);
            assertEquals(HELLO, still.body());
            assertEquals(serving, servingPid(app), "the old child still serves");

            DemoCompiler.install(mainHandlerSaying("Hello, fixed"), classes);
            DemoCompiler.install(DemoCompiler.built("FriendFeedApp"), classes);
            awaitAnswer(app, "/", r -> r.body().equals("Hello, fixed"), "saying Hello, fixed");
            assertNotEquals(serving, servingPid(app), "a new child serves the fixed code");
            assertEquals(0, app.stop());
        }
    }

    @Test
    void aProviderThatFailsAtStartShowsItsErrorUntilItIsFixed() throws Exception {
        DemoCompiler.install(failingProvider(), classes);
        try (LauncherProcess app = start(List.of(), "--debug")) {
            HttpResponse<String> failing = awaitAnswer(app, "/", r -> r.statusCode() == 500, "of 500");
            String page = failing.body();
            assertTrue(failing.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page);
            assertTrue(page.contains("the demo cannot start: &lt;no database&gt; &amp; &quot;no cache&quot;"), page);
            assertFalse(page.contains("<no database>"), page);
            assertEquals(List.of(), failing.headers().allValues("Server"), "the launcher names no server");
            assertTrue(app.isAlive(), app::output);
            assertEquals(500, app.get("/home").statusCode(), "every path answers the error while it lasts");
            assertTrue(app.descendants().isEmpty(), () -> "no child runs the broken code: " + app.descendants());

            DemoCompiler.install(DemoCompiler.built("FriendFeedApp"), classes);
            HttpResponse<String> fixed = awaitAnswer(app, "/", r -> r.statusCode() == 200, "of 200");
            assertEquals(HELLO, fixed.body());
            assertTrue(app.get("/home").body().contains("<h1>Welcome to FriendFeed</h1>"));
            assertEquals(0, app.stop());
        }
    }

    /**
     * As a build tool recompiles: every class file deleted, a pause longer than the watcher's settling time, then
     * the classes written back one by one. Requests all the while, every 100 ms, get the old code until the new one
     * answers: none gets an error.
     */
    @Test
    void aRebuildOfEveryClassAnswersNoErrorMeanwhile() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            assertEquals(HELLO, app.get("/").body());
            Map<String, byte[]> rebuilt = new LinkedHashMap<>();
            Path demo = classes.resolve("dev/gale/demo");
            try (Stream<Path> files = Files.list(demo)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class"))
                        .sorted()
                        .toList()) {
                    rebuilt.put(classes.relativize(file).toString(), Files.readAllBytes(file));
                }
            }
            rebuilt.putAll(mainHandlerSaying("Hello, rebuilt"));
            List<String> errors = new CopyOnWriteArrayList<>();
            AtomicInteger asked = new AtomicInteger();
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                while (polling.get()) {
                    try {
                        HttpResponse<String> response = answer(app, "/");
                        asked.incrementAndGet();
                        if (response == null || response.statusCode() != 200) {
                            errors.add(response == null ? "no answer" : response.statusCode() + " " + response.body());
                        }
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poller.start();
            for (Path file : rebuilt.keySet().stream().map(classes::resolve).toList()) {
                Files.deleteIfExists(file);
            }
            Thread.sleep(800);
            for (Map.Entry<String, byte[]> entry : rebuilt.entrySet()) {
                DemoCompiler.install(Map.of(entry.getKey(), entry.getValue()), classes);
                Thread.sleep(60);
            }
            awaitAnswer(app, "/", r -> r.body().equals("Hello, rebuilt"), "saying Hello, rebuilt");
            Thread.sleep(500);
            polling.set(false);
            poller.join();
            System.out.println("Rebuild: " + asked.get() + " requests, " + errors.size() + " errors");
            assertEquals(List.of(), errors, app::output);
            assertEquals(0, app.stop());
        }
    }

    @Test
    void withAutoreloadOffAChangedClassChangesNothing() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug", "--autoreload=false")) {
            String settings = app.awaitLog("Gale application ready", Duration.ofSeconds(10));
            assertTrue(settings.contains("debug=true, autoreload=false,"), settings);
            assertEquals(app.pid(), servingPid(app), "the launcher serves by itself");
            assertTrue(app.descendants().isEmpty(), () -> "no child: " + app.descendants());

            DemoCompiler.install(mainHandlerSaying("Hello, never served"), classes);
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            int answers = 0;
            while (System.nanoTime() < deadline) {
                assertEquals(HELLO, app.get("/").body());
                answers++;
                Thread.sleep(100);
            }
            assertTrue(answers > 5, "asked " + answers + " times");
            assertFalse(reloaded(app), app::output);
            assertTrue(app.descendants().isEmpty(), () -> "no child: " + app.descendants());
            assertEquals(0, app.stop());
        }
    }

    @Test
    void autoreloadWithSeveralProcessesIsRefusedNamingAutoreload() throws Exception {
        for (List<String> options :
                List.of(List.of("--debug", "--processes=2"), List.of("--autoreload", "--processes=3"))) {
            try (LauncherProcess app =
                    LauncherProcess.launch(List.of(), classPath(), arguments(options.toArray(String[]::new)))) {
                assertEquals(2, app.awaitExit(), app::output);
                assertEquals(1, app.stderr().size(), () -> options + ": one line" + app.output());
                String line = app.stderr().get(0);
                assertTrue(line.startsWith("error: ") && line.contains("--autoreload"), line);
                assertTrue(app.stdout().isEmpty(), app::output);
            }
        }
    }

    @Test
    void theStartUpLineListsTheEffectiveValues() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            String line = app.awaitLog("Gale application ready", Duration.ofSeconds(10));
            for (String value : List.of(
                    "debug=true",
                    "autoreload=true",
                    "compiled_template_cache=false",
                    "static_hash_cache=false",
                    "serve_traceback=true")) {
                assertTrue(line.contains(value), () -> value + " missing: " + line);
            }
            assertEquals(0, app.stop());
        }
        try (LauncherProcess app = start(
                List.of(),
                "--debug",
                "--compiled_template_cache=true",
                "--static_hash_cache=true",
                "--serve_traceback=false")) {
            String line = app.awaitLog("Gale application ready", Duration.ofSeconds(10));
            for (String value : List.of(
                    "debug=true",
                    "autoreload=true",
                    "compiled_template_cache=true",
                    "static_hash_cache=true",
                    "serve_traceback=false")) {
                assertTrue(line.contains(value), () -> value + " missing: " + line);
            }
            HttpResponse<String> error = app.get("/error");
            assertEquals(500, error.statusCode());
            assertFalse(error.body().contains("FailingHandler"), error::body);
            assertEquals(0, app.stop());
        }
    }

    @Test
    void jvmOptionsAndArgumentsSurviveAReload() throws Exception {
        try (LauncherProcess app = start(List.of("-Dgale.probe=1"), "--debug", "--logging=warning")) {
            long first = servingPid(app);
            DemoCompiler.install(mainHandlerSaying("Hello, same options"), classes);
            awaitAnswer(app, "/", r -> r.body().equals("Hello, same options"), "of the new code");
            awaitOneChild(app);
            long second = servingPid(app);
            assertNotEquals(first, second, "a new child serves");
            assertTrue(pids(app.descendants()).contains(second), "the launcher started it");

            List<String> command =
                    List.of(Files.readString(Path.of("/proc", Long.toString(second), "cmdline"), StandardCharsets.UTF_8)
                            .split("\0"));
            assertTrue(command.contains("-Dgale.probe=1"), command::toString);
            assertTrue(command.contains("-Xmx256m"), command::toString);
            assertTrue(command.contains("--logging=warning"), command::toString);
            assertTrue(command.contains("--webroot=" + webroot), command::toString);
            assertTrue(command.get(command.indexOf("-cp") + 1).startsWith(classes.toString()), command::toString);
            assertEquals(0, app.stop());
        }
    }

    /** Build tools make and remove directories of their own under the class directory, in bursts. */
    @Test
    void shortLivedDirectoriesDoNotStopTheWatching() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            assertEquals(HELLO, app.get("/").body());
            for (int burst = 0; burst < 300; burst++) {
                Path scratch = classes.resolve("scratch-" + burst);
                for (int branch = 0; branch < 5; branch++) {
                    for (int leaf = 0; leaf < 5; leaf++) {
                        Files.createDirectories(scratch.resolve("a" + branch)
                                .resolve("b" + leaf)
                                .resolve("c"));
                    }
                }
                deleteTree(scratch);
            }
            DemoCompiler.install(mainHandlerSaying("Hello, after the burst"), classes);
            awaitAnswer(app, "/", r -> r.body().equals("Hello, after the burst"), "of the new code");
            assertFalse(String.join("\n", app.stderr()).contains("Exception in thread"), app::output);
            assertEquals(0, app.stop());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void aStopRightAfterAChangeStillStopsTheLauncherAndItsChild() throws Exception {
        try (LauncherProcess app = start(List.of(), "--debug")) {
            assertEquals(HELLO, app.get("/").body());
            DemoCompiler.install(mainHandlerSaying("Hello, stopping"), classes);
            assertEquals(0, app.stop(), app::output);
        }
    }
}
