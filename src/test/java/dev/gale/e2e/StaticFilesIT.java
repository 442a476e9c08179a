package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo contract's rows for {@code /static/}, {@code /robots.txt}, {@code /favicon.ico} and
 * {@code /apple-touch-icon.png}, against {@code launcher.jar --webroot=} a copy of the demo's web root, with
 * sentinel files outside the static directory that must never be served.
 */
class StaticFilesIT {
    private static final long TEN_YEARS = 315_360_000L;
    private static final String MARKER = "SENTINEL-" + UUID.randomUUID();
    private static final Pattern LOGO = Pattern.compile("<img src=\"(/static/images/logo\\.png\\?v=([0-9a-f]+))\"");

    @TempDir
    static Path base;

    private static Path webroot;
    private static Path statics;
    private static byte[] text;
    private static LauncherProcess app;

    @BeforeAll
    static void start() throws Exception {
        webroot = Artifacts.copyDemoWebRoot(base.resolve("webroot"));
        statics = webroot.resolve("static");
        for (Path sentinel : List.of(base, webroot, webroot.resolve("WEB-INF"), webroot.resolve("WEB-INF/templates"))) {
            Files.writeString(sentinel.resolve("sentinel.txt"), MARKER + "\n");
        }
        Files.createSymbolicLink(statics.resolve("outside.txt"), base.resolve("sentinel.txt"));
        Files.createSymbolicLink(statics.resolve("outside-dir"), base);
        StringBuilder humans = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            humans.append("/* TEAM */ Member ").append(i).append(": Gale contributor, site: example.org\n");
        }
        text = humans.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(statics.resolve("humans.txt"), text);
        app = LauncherProcess.start(Artifacts.launcherJar(), "--port=0", "--address=127.0.0.1", "--webroot=" + webroot);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static int port() {
        return app.base().getPort();
    }

    private static byte[] file(String relative) throws IOException {
        return Files.readAllBytes(statics.resolve(relative));
    }

    private static String hash(byte[] content) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                .substring(0, 16);
    }

    private static HttpResponse<byte[]> fetch(String path, String... headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(app.base().resolve(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return app.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }

    private static String logoUrlFromHome() throws Exception {
        HttpResponse<String> home = app.get("/home");
        assertEquals(200, home.statusCode());
        Matcher logo = LOGO.matcher(home.body());
        assertTrue(logo.find(), home.body());
        return logo.group(1);
    }

    private static long seconds(String httpDate) {
        return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toEpochSecond();
    }

    private static void assertTenYears(HttpResponse<?> response) {
        assertTrue(header(response, "Cache-Control").contains("max-age=" + TEN_YEARS), response.headers()::toString);
        long ahead = seconds(header(response, "Expires")) - seconds(header(response, "Date"));
        assertTrue(Math.abs(ahead - TEN_YEARS) <= 60, "Expires is " + ahead + " s after Date");
    }

    private static void assertNotTenYears(HttpResponse<?> response) {
        String cacheControl = header(response, "Cache-Control");
        assertFalse(cacheControl.contains("max-age=" + TEN_YEARS) || cacheControl.contains("immutable"), cacheControl);
        response.headers()
                .firstValue("Expires")
                .ifPresent(expires -> assertTrue(
                        seconds(expires) - seconds(header(response, "Date")) < 86_400, "Expires " + expires));
    }

    private static void assertValidators(HttpResponse<?> response, byte[] content) throws Exception {
        assertEquals("\"" + hash(content) + "\"", header(response, "ETag"));
        assertFalse(header(response, "Last-Modified").isEmpty(), "no Last-Modified");
        seconds(header(response, "Last-Modified"));
    }

    // ---- versions and caching

    @Test
    void theVersionedUrlFromHomeIsCachedForTenYears() throws Exception {
        String url = logoUrlFromHome();
        byte[] logo = file("images/logo.png");
        assertEquals("/static/images/logo.png?v=" + hash(logo), url);
        HttpResponse<byte[]> response = fetch(url);
        assertEquals(200, response.statusCode());
        assertArrayEquals(logo, response.body());
        assertEquals("image/png", header(response, "Content-Type"));
        assertTenYears(response);
        assertValidators(response, logo);
    }

    @Test
    void withoutAVersionOrWithAStaleOneThereIsNoTenYearCaching() throws Exception {
        byte[] logo = file("images/logo.png");
        String stale = hash("an older logo".getBytes(StandardCharsets.UTF_8));
        for (String query : List.of(
                "",
                "?v=",
                "?v=" + stale,
                "?v=" + hash(logo).toUpperCase(Locale.ROOT),
                "?x=" + hash(logo),
                "?v=" + hash(logo).substring(0, 8))) {
            HttpResponse<byte[]> response = fetch("/static/images/logo.png" + query);
            assertEquals(200, response.statusCode(), query);
            assertArrayEquals(logo, response.body(), query);
            assertNotTenYears(response);
            assertValidators(response, logo);
        }
    }

    @Test
    void robotsFaviconAndTouchIconAreServedFromTheStaticDirectory() throws Exception {
        for (String[] route : new String[][] {
            {"/robots.txt", "robots.txt", "text/plain"},
            {"/favicon.ico", "favicon.ico", "image/"},
            {"/apple-touch-icon.png", "apple-touch-icon.png", "image/png"},
        }) {
            byte[] content = file(route[1]);
            HttpResponse<byte[]> plain = fetch(route[0]);
            assertEquals(200, plain.statusCode(), route[0]);
            assertArrayEquals(content, plain.body(), route[0]);
            assertTrue(header(plain, "Content-Type").startsWith(route[2]), header(plain, "Content-Type"));
            assertValidators(plain, content);
            assertNotTenYears(plain);

            HttpResponse<byte[]> versioned = fetch(route[0] + "?v=" + hash(content));
            assertEquals(200, versioned.statusCode(), route[0]);
            assertArrayEquals(content, versioned.body(), route[0]);
            assertTenYears(versioned);

            HttpResponse<byte[]> notModified =
                    fetch(route[0] + "?v=" + hash(content), "If-None-Match", "\"" + hash(content) + "\"");
            assertEquals(304, notModified.statusCode(), route[0]);
            assertEquals(0, notModified.body().length);
        }
    }

    // ---- conditional requests

    @Test
    void ifNoneMatchInEveryFormGives304RepeatingTheCachingHeaders() throws Exception {
        String url = logoUrlFromHome();
        String tag = "\"" + hash(file("images/logo.png")) + "\"";
        for (String ifNoneMatch : List.of(tag, "W/" + tag, "\"0000000000000000\", " + tag, "W/\"x\",W/" + tag, "*")) {
            RawRequest.Response response = RawRequest.get(port(), url, "If-None-Match: " + ifNoneMatch);
            assertEquals(304, response.status(), ifNoneMatch);
            assertEquals(0, response.body().length, "a 304 has no body: " + response.text());
            assertEquals(Optional.of(tag), response.header("ETag"), ifNoneMatch);
            assertTrue(response.header("Cache-Control").orElse("").contains("max-age=" + TEN_YEARS), response.head());
            assertTrue(response.header("Expires").isPresent(), response.head());
        }
    }

    @Test
    void ifNoneMatchWithOtherTagsGivesTheFile() throws Exception {
        byte[] logo = file("images/logo.png");
        for (String ifNoneMatch : List.of("\"0000000000000000\"", "W/\"1\", \"2\"", hash(logo))) {
            HttpResponse<byte[]> response = fetch("/static/images/logo.png", "If-None-Match", ifNoneMatch);
            assertEquals(200, response.statusCode(), ifNoneMatch);
            assertArrayEquals(logo, response.body());
        }
    }

    @Test
    void ifModifiedSinceGives304UntilTheFileChanges() throws Exception {
        String url = logoUrlFromHome();
        HttpResponse<byte[]> first = fetch(url);
        String lastModified = header(first, "Last-Modified");
        RawRequest.Response same = RawRequest.get(port(), url, "If-Modified-Since: " + lastModified);
        assertEquals(304, same.status());
        assertEquals(0, same.body().length, same.text());
        assertEquals(Optional.of(header(first, "ETag")), same.header("ETag"));
        assertEquals(Optional.of(header(first, "Cache-Control")), same.header("Cache-Control"));
        assertTrue(same.header("Expires").isPresent(), same.head());

        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .plusDays(1));
        assertEquals(
                304,
                fetch("/static/images/logo.png", "If-Modified-Since", later).statusCode());

        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .minusSeconds(1));
        HttpResponse<byte[]> changed = fetch("/static/images/logo.png", "If-Modified-Since", earlier);
        assertEquals(200, changed.statusCode());
        assertArrayEquals(file("images/logo.png"), changed.body());

        HttpResponse<byte[]> otherTag = fetch(
                "/static/images/logo.png", "If-Modified-Since", lastModified, "If-None-Match", "\"0000000000000000\"");
        assertEquals(200, otherTag.statusCode(), "If-None-Match decides when both are sent");
    }

    @Test
    void theVersioned304RepeatsExpires() throws Exception {
        String url = logoUrlFromHome();
        HttpResponse<byte[]> response = fetch(url, "If-None-Match", "\"" + hash(file("images/logo.png")) + "\"");
        assertEquals(304, response.statusCode());
        assertTenYears(response);
    }

    // ---- ranges

    @Test
    void aRangeGives206WithContentRange() throws Exception {
        byte[] logo = file("images/logo.png");
        HttpResponse<byte[]> first = fetch("/static/images/logo.png", "Range", "bytes=0-9");
        assertEquals(206, first.statusCode());
        assertEquals("bytes 0-9/" + logo.length, header(first, "Content-Range"));
        assertEquals("10", header(first, "Content-Length"));
        assertArrayEquals(java.util.Arrays.copyOfRange(logo, 0, 10), first.body());

        HttpResponse<byte[]> suffix = fetch("/static/images/logo.png", "Range", "bytes=-100");
        assertEquals(206, suffix.statusCode());
        assertEquals(
                "bytes " + (logo.length - 100) + "-" + (logo.length - 1) + "/" + logo.length,
                header(suffix, "Content-Range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(logo, logo.length - 100, logo.length), suffix.body());

        HttpResponse<byte[]> open = fetch("/static/images/logo.png", "Range", "bytes=600-");
        assertEquals(206, open.statusCode());
        assertArrayEquals(java.util.Arrays.copyOfRange(logo, 600, logo.length), open.body());
    }

    @Test
    void twoRangesGiveMultipartByteranges() throws Exception {
        byte[] logo = file("images/logo.png");
        HttpResponse<byte[]> response = fetch("/static/images/logo.png", "Range", "bytes=0-3,100-109");
        assertEquals(206, response.statusCode());
        String type = header(response, "Content-Type");
        Matcher boundary = Pattern.compile("^multipart/byteranges;\\s*boundary=([^;\\s]+)$")
                .matcher(type);
        assertTrue(boundary.matches(), type);
        String body = new String(response.body(), StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        List<String> parts = new ArrayList<>(List.of(body.split(Pattern.quote(delimiter))));
        assertTrue(parts.remove(parts.size() - 1).startsWith("--"), "the body ends with the closing delimiter");
        parts.remove(0);
        assertEquals(2, parts.size(), body);
        String[][] expected = {
            {"bytes 0-3/" + logo.length, latin1(logo, 0, 4)}, {"bytes 100-109/" + logo.length, latin1(logo, 100, 110)}
        };
        for (int i = 0; i < 2; i++) {
            String part = parts.get(i);
            int blank = part.indexOf("\r\n\r\n");
            String partHead = part.substring(0, blank);
            assertTrue(partHead.contains("Content-Range: " + expected[i][0]), partHead);
            assertTrue(partHead.contains("Content-Type: image/png"), partHead);
            assertEquals(expected[i][1] + "\r\n", part.substring(blank + 4));
        }
    }

    private static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Test
    void anUnsatisfiableRangeGives416WithTheLength() throws Exception {
        int length = file("images/logo.png").length;
        for (String range : List.of("bytes=" + length + "-", "bytes=5000-6000", "bytes=-0")) {
            HttpResponse<byte[]> response = fetch("/static/images/logo.png", "Range", range);
            assertEquals(416, response.statusCode(), range);
            assertEquals("bytes */" + length, header(response, "Content-Range"), range);
        }
    }

    @Test
    void aStaleIfRangeGivesTheWholeFile() throws Exception {
        byte[] logo = file("images/logo.png");
        HttpResponse<byte[]> stale =
                fetch("/static/images/logo.png", "Range", "bytes=0-9", "If-Range", "\"0000000000000000\"");
        assertEquals(200, stale.statusCode());
        assertArrayEquals(logo, stale.body());
        HttpResponse<byte[]> current =
                fetch("/static/images/logo.png", "Range", "bytes=0-9", "If-Range", "\"" + hash(logo) + "\"");
        assertEquals(206, current.statusCode());
    }

    // ---- HEAD and gzip

    @Test
    void headGivesTheHeadersWithoutABody() throws Exception {
        byte[] logo = file("images/logo.png");
        String url = logoUrlFromHome();
        RawRequest.Response head = RawRequest.request(port(), "HEAD", url);
        assertEquals(200, head.status());
        assertEquals(0, head.body().length, head.text());
        assertEquals(Optional.of(Integer.toString(logo.length)), head.header("Content-Length"));
        assertEquals(Optional.of("\"" + hash(logo) + "\""), head.header("ETag"));
        assertTrue(head.header("Last-Modified").isPresent());
        assertTrue(head.header("Cache-Control").orElse("").contains("max-age=" + TEN_YEARS));
        assertTrue(head.header("Expires").isPresent());

        RawRequest.Response robots = RawRequest.request(port(), "HEAD", "/robots.txt");
        assertEquals(200, robots.status());
        assertEquals(0, robots.body().length, robots.text());
        assertEquals(Optional.of(Integer.toString(file("robots.txt").length)), robots.header("Content-Length"));
    }

    @Test
    void textIsGzippedForAClientThatAcceptsGzip() throws Exception {
        HttpResponse<byte[]> gzipped = fetch("/static/humans.txt", "Accept-Encoding", "gzip, deflate");
        assertEquals(200, gzipped.statusCode());
        assertEquals("gzip", header(gzipped, "Content-Encoding"));
        assertTrue(header(gzipped, "Vary").contains("Accept-Encoding"), header(gzipped, "Vary"));
        assertTrue(gzipped.body().length < text.length / 4, "gzip shrinks repetitive text");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertArrayEquals(text, in.readAllBytes());
        }

        HttpResponse<byte[]> plain = fetch("/static/humans.txt");
        assertEquals(200, plain.statusCode());
        assertEquals("", header(plain, "Content-Encoding"));
        assertTrue(header(plain, "Vary").contains("Accept-Encoding"), header(plain, "Vary"));
        assertArrayEquals(text, plain.body());
        assertNotEquals(header(plain, "ETag"), header(gzipped, "ETag"), "each encoding has its own ETag");

        HttpResponse<byte[]> refused = fetch("/static/humans.txt", "Accept-Encoding", "gzip;q=0");
        assertEquals("", header(refused, "Content-Encoding"));
        assertArrayEquals(text, refused.body());
    }

    @Test
    void robotsTxtIsGzippedOnlyWhenThatMakesItSmaller() throws Exception {
        byte[] robots = file("robots.txt");
        HttpResponse<byte[]> response = fetch("/robots.txt", "Accept-Encoding", "gzip");
        assertEquals(200, response.statusCode());
        if (header(response, "Content-Encoding").equals("gzip")) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
                assertArrayEquals(robots, in.readAllBytes());
            }
            assertTrue(response.body().length < robots.length);
        } else {
            assertArrayEquals(robots, response.body());
        }
    }

    // ---- directories, missing files and paths that leave the directory

    @Test
    void aDirectoryOrAMissingFileIs403Or404NeverAListingOrARedirect() throws Exception {
        for (String path : List.of(
                "/static/images",
                "/static/images/",
                "/static/",
                "/static",
                "/static/missing.png",
                "/static/images/missing.png",
                "/static/outside-dir",
                "/static/outside-dir/",
                "/robots.txt/",
                "/favicon.ico/x")) {
            RawRequest.Response response = RawRequest.get(port(), path);
            assertTrue(response.status() == 403 || response.status() == 404, path + ": " + response.head());
            assertFalse(response.header("Location").isPresent(), path + ": " + response.head());
            assertFalse(
                    response.contains("logo.png") || response.contains("robots.txt") || response.contains("sentinel"),
                    path + " lists a directory: " + response.text());
        }
    }

    @Test
    void noPathLeavesTheStaticDirectory() throws Exception {
        assertTrue(Files.readString(statics.resolve("outside.txt")).contains(MARKER), "the symbolic link works");
        assertTrue(Files.readString(statics.resolve("outside-dir/sentinel.txt")).contains(MARKER));
        RawRequest.Response control = RawRequest.get(port(), "/static/humans.txt");
        assertEquals(200, control.status(), "the raw client reads bodies");
        assertTrue(control.contains("Member 199"), control.text());

        Set<String> paths = hostilePaths();
        assertTrue(paths.size() >= 50, "only " + paths.size() + " paths");
        List<String> failures = new ArrayList<>();
        for (String path : paths) {
            RawRequest.Response response = RawRequest.get(port(), path);
            if (response.contains(MARKER) || response.contains("root:x:0:0")) {
                failures.add(path + " LEAKED: " + response.head());
            } else if (!response.closedWithoutAnswer()) {
                int status = response.status();
                if (status != 400 && status != 403 && status != 404) {
                    failures.add(path + " answered " + response.head());
                }
            }
        }
        assertEquals(List.of(), failures, "of " + paths.size() + " hostile paths");
        assertEquals(200, RawRequest.get(port(), "/static/images/logo.png").status(), "the server is still serving");
    }

    @Test
    void aPrecompressedSiblingOutsideTheDirectoryIsNeverServed() throws Exception {
        Path sub = Files.createDirectories(statics.resolve("sub"));
        Files.write(sub.resolve("ok.txt"), text);
        Path outsideGzip = base.resolve("sentinel.txt.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(outsideGzip))) {
            out.write((MARKER + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.createSymbolicLink(sub.resolve("ok.txt.gz"), outsideGzip);
        Files.createSymbolicLink(sub.resolve("ok.txt.br"), base.resolve("sentinel.txt"));
        byte[] brotli = "a real .br file inside the directory".getBytes(StandardCharsets.UTF_8);
        Files.write(sub.resolve("inside.txt"), text);
        Files.write(sub.resolve("inside.txt.br"), brotli);

        for (String accepted : List.of("gzip", "br", "br, gzip")) {
            HttpResponse<byte[]> response = fetch("/static/sub/ok.txt", "Accept-Encoding", accepted);
            assertEquals(200, response.statusCode(), accepted);
            String encoding = header(response, "Content-Encoding");
            assertNotEquals("br", encoding, accepted + ": no brotli without a .br file inside the directory");
            byte[] body = response.body();
            if (encoding.equals("gzip")) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            assertArrayEquals(text, body, accepted + " LEAKED: " + new String(body, StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> inside = fetch("/static/sub/inside.txt", "Accept-Encoding", "br");
        assertEquals("br", header(inside, "Content-Encoding"), "a .br file inside the directory is served");
        assertArrayEquals(brotli, inside.body());
    }

    @Test
    void aCachedFileReplacedByALinkOutsideIsNeverServed() throws Exception {
        byte[] inside = new byte[300 * 1024];
        new Random(11).nextBytes(inside);
        byte[] secret = MARKER.repeat(inside.length / MARKER.length() + 1)
                .substring(0, inside.length)
                .getBytes(StandardCharsets.UTF_8);
        Path outsideDir = Files.createDirectories(base.resolve("outside-cached"));
        Files.createDirectories(statics.resolve("cached"));
        for (String relative : List.of("cached-file.bin", "cached/file.bin")) {
            Path file = statics.resolve(relative);
            Files.write(file, inside);
            FileTime modified = Files.getLastModifiedTime(file);
            HttpResponse<byte[]> first = fetch("/static/" + relative);
            assertEquals(200, first.statusCode(), relative);
            assertArrayEquals(inside, first.body(), relative);

            Path outside = outsideDir.resolve(file.getFileName());
            Files.write(outside, secret);
            Files.setLastModifiedTime(outside, modified);
            Files.delete(file);
            Files.createSymbolicLink(file, outside);
        }
        Path cachedDir = statics.resolve("cached");
        Files.delete(cachedDir.resolve("file.bin"));
        Files.delete(cachedDir);
        Files.createSymbolicLink(cachedDir, outsideDir);

        for (String relative : List.of("cached-file.bin", "cached/file.bin")) {
            HttpResponse<byte[]> replaced = fetch("/static/" + relative);
            assertFalse(new String(replaced.body(), StandardCharsets.UTF_8).contains(MARKER), relative + " LEAKED");
            assertTrue(
                    replaced.statusCode() == 403 || replaced.statusCode() == 404,
                    relative + " answered " + replaced.statusCode());
        }
    }

    /** Request targets that try every way out of the static directory toward a sentinel file. */
    private static Set<String> hostilePaths() {
        Set<String> paths = new LinkedHashSet<>();
        List<String> ups = List.of(
                "../",
                "%2e%2e/",
                "%2E%2E/",
                "..%2f",
                "..%2F",
                "%2e%2e%2f",
                ".%2e/",
                "%2e./",
                "..\\",
                "..%5c",
                "%2e%2e%5c",
                "%252e%252e/",
                "..%252f",
                "..;/",
                "%2e%2e;/",
                "%c0%ae%c0%ae/",
                "..%c0%af",
                "..%e0%80%af",
                "%c0%2e%c0%2e/",
                "%uff0e%uff0e/",
                "....//",
                "..//",
                "..%00/",
                "%2e%2e%00/",
                "\u00c0\u00ae\u00c0\u00ae/",
                "..\u0000/",
                "./../",
                "%2e/%2e%2e/");
        for (String up : ups) {
            paths.add("/static/" + up + "sentinel.txt");
            paths.add("/static/" + up + "WEB-INF/sentinel.txt");
            paths.add("/static/" + up + up + "sentinel.txt");
            paths.add("/static/images/" + up + up + "WEB-INF/templates/sentinel.txt");
        }
        String absolute = base.resolve("sentinel.txt").toString();
        paths.addAll(List.of(
                "/static/outside.txt",
                "/static/outside-dir/sentinel.txt",
                "/static/outside-dir/webroot/WEB-INF/sentinel.txt",
                "/static/outside-dir/webroot/static/humans.txt/../../sentinel.txt",
                "/static/" + absolute,
                "/static//" + absolute,
                "/static/" + absolute.replace("/", "%2f"),
                "/static/file:" + absolute,
                "/static/file://" + absolute,
                "/static/C:" + absolute,
                "/static/\\\\127.0.0.1" + absolute.replace('/', '\\'),
                "/static/images/..;/..;/sentinel.txt",
                "/static/images/../../sentinel.txt",
                "/static/images/..%2f..%2fsentinel.txt",
                "/static/../../etc/passwd",
                "/static/../../../../../../../../etc/passwd",
                "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
                "/static//etc/passwd",
                "/static/%2fetc%2fpasswd",
                "/static/sentinel.txt%00.png",
                "/static/%00../sentinel.txt",
                "/static/;/../sentinel.txt",
                "/static/.%2e/.%2e/sentinel.txt",
                "/static/.sentinel.txt",
                "/static/?/../sentinel.txt",
                "/static/%3f/../sentinel.txt",
                "/static/%23/../sentinel.txt",
                "/robots.txt/..",
                "/robots.txt/../sentinel.txt",
                "/robots.txt/%2e%2e/sentinel.txt",
                "/robots.txt/..%2fsentinel.txt",
                "/robots.txt%2f..%2fsentinel.txt",
                "/favicon.ico/../sentinel.txt",
                "/favicon.ico/../WEB-INF/sentinel.txt",
                "/apple-touch-icon.png/../sentinel.txt",
                "/apple-touch-icon.png%2f..%2fsentinel.txt",
                "/apple-touch-icon.png/..%2f..%2fsentinel.txt",
                "/sentinel.txt",
                "/WEB-INF/sentinel.txt",
                "/WEB-INF/templates/sentinel.txt",
                "/%2e%2e/sentinel.txt",
                "/..%2fsentinel.txt",
                "/./static/../sentinel.txt",
                "/static/./../sentinel.txt",
                "http://127.0.0.1/static/../sentinel.txt",
                "http://127.0.0.1/static/%2e%2e/sentinel.txt",
                "/static/%u002e%u002e/sentinel.txt",
                "/static/..%u2215sentinel.txt",
                "/static/%e2%80%a4%e2%80%a4/sentinel.txt"));
        return paths;
    }
}
