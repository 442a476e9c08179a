package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser: headless Chromium loads {@code /home} twice with the same profile, in two separate runs, so only
 * its HTTP disk cache links them. The versioned logo must come from that cache the second time: the launcher's
 * access log shows a single request for it.
 */
class BrowserCacheIT {
    private static final String LOGO_PATH = "/static/images/logo.png";
    private static final Pattern LOGO = Pattern.compile("<img src=\"(/static/images/logo\\.png\\?v=([0-9a-f]+))\"");
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path profile;

    @TempDir
    static Path output;

    private static LauncherProcess app;

    @BeforeAll
    static void start() throws Exception {
        app = LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The Chromium binary: {@code $CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    private static Path chromium() {
        List<String> names = new ArrayList<>();
        Optional.ofNullable(System.getenv("CHROMIUM")).ifPresent(names::add);
        names.addAll(List.of("chromium", "chromium-browser"));
        for (String name : names) {
            Path given = Path.of(name);
            if (given.isAbsolute() && Files.isExecutable(given)) {
                return given;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("BrowserCacheIT needs headless Chromium and found none on the PATH (nor $CHROMIUM): install "
                + "the Debian packages with apt-get install -y chromium chromium-driver, as .ci/run does");
    }

    /** One headless run of Chromium that loads {@code url}, waits for the load event, prints the DOM and exits. */
    private static String load(Path chromium, String url, int run) throws Exception {
        Path out = output.resolve("dom-" + run + ".html");
        Path err = output.resolve("stderr-" + run + ".txt");
        Process browser = new ProcessBuilder(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile,
                        "--dump-dom",
                        url)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!browser.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                fail("Chromium did not finish loading " + url + " within " + BROWSER_TIMEOUT + ": " + tail(err));
            }
        } finally {
            browser.destroyForcibly().waitFor();
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, browser.exitValue(), "Chromium failed: " + tail(err));
        assertTrue(dom.contains("<title>FriendFeed - Home</title>"), "run " + run + " dumped: " + dom + tail(err));
        return dom;
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** Access-log lines (on the launcher's stderr) for requests whose path starts with {@code path}. */
    private static long requests(String path) {
        return app.stderr().stream()
                .filter(line -> line.contains(" GET " + path))
                .count();
    }

    /** Waits until the launcher has logged a request made after everything before it was answered. */
    private static void awaitLogCatchUp(String tag) throws Exception {
        assertEquals(200, app.get("/robots.txt?" + tag).statusCode());
        app.awaitLog("GET /robots.txt?" + tag, Duration.ofSeconds(10));
    }

    /** Whether a file of the profile's HTTP cache holds {@code key}, the cached URL. */
    private static boolean cacheHolds(String key) throws IOException {
        byte[] needle = key.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains("Cache"))
                    .toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void theSecondLoadTakesTheVersionedLogoFromTheBrowserCache() throws Exception {
        Path chromium = chromium();
        String url = app.base().resolve("/home").toString();

        String firstDom = load(chromium, url, 1);
        Matcher logo = LOGO.matcher(firstDom);
        assertTrue(logo.find(), firstDom);
        awaitLogCatchUp("after-first-load");
        assertEquals(1, requests("/home"), app.output());
        assertEquals(1, requests(LOGO_PATH), "the first load fetches the logo once: " + app.output());
        assertTrue(cacheHolds(logo.group(1)), "Chromium's disk cache in " + profile + " has no entry for the logo");

        load(chromium, url, 2);
        awaitLogCatchUp("after-second-load");
        assertEquals(2, requests("/home"), "the page itself is fetched again: " + app.output());
        assertEquals(
                1,
                requests(LOGO_PATH),
                "the second load must take the logo from the cache, without asking the server: " + app.output());
    }
}
