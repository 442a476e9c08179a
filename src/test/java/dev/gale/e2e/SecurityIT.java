package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's login, {@code /secret} and cookie secret, against {@code java -jar launcher.jar}, and real Tornado. */
class SecurityIT {
    private static final String SECRET = "e2e-cookie-secret-0123456789abcdef-0123456789";
    private static final Pattern HIDDEN_XSRF =
            Pattern.compile("<input type=\"hidden\" name=\"_xsrf\" value=\"([^\"]+)\">");
    private static final Pattern TORNADO_V2 =
            Pattern.compile("2\\|1:0\\|10:(\\d{10})\\|4:user\\|(\\d+):([A-Za-z0-9+/=]*)\\|([0-9a-f]{64})");

    private static LauncherProcess app;

    @BeforeAll
    static void start() throws Exception {
        app = LauncherProcess.start(
                Artifacts.launcherJar(),
                Artifacts.demo(),
                "--port=0",
                "--address=127.0.0.1",
                "--cookie_secret=" + SECRET);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The {@code _xsrf} cookie and the token of the form that came with it. */
    private record LoginForm(String cookie, String token) {}

    private static LoginForm loginForm() throws Exception {
        HttpResponse<String> page = app.get("/login");
        assertEquals(200, page.statusCode());
        Matcher hidden = HIDDEN_XSRF.matcher(page.body());
        assertTrue(hidden.find(), page::body);
        String cookie = cookieValue(page, "_xsrf").orElseThrow(() -> new AssertionError("no _xsrf cookie"));
        return new LoginForm(cookie, unescapeHtml(hidden.group(1)));
    }

    private static HttpResponse<String> postLogin(String cookieHeader, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.base().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookieHeader != null) {
            request.header("Cookie", cookieHeader);
        }
        return app.send(request);
    }

    /** Logs in as {@code name} with a valid token and returns the {@code user} cookie's value. */
    private static String logIn(String name) throws Exception {
        LoginForm form = loginForm();
        HttpResponse<String> response = postLogin(
                "_xsrf=" + form.cookie(),
                "_xsrf=" + encode(form.token()) + "&name=" + encode(name) + "&next=%2Fsecret");
        assertEquals(302, response.statusCode(), response::body);
        return cookieValue(response, "user").orElseThrow(() -> new AssertionError("no user cookie"));
    }

    private static HttpResponse<String> secret(String userCookie) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(app.base().resolve("/secret")).GET();
        if (userCookie != null) {
            request.header("Cookie", "user=" + userCookie);
        }
        return app.send(request);
    }

    @Test
    void loginPageHasTheFormAndSetsTheXsrfCookie() throws Exception {
        HttpResponse<String> page = app.get("/login");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(HIDDEN_XSRF.matcher(page.body()).find(), page::body);
        assertTrue(page.body().contains("name=\"name\""), page::body);
        assertTrue(page.body().contains("method=\"post\""), page::body);
        String cookie = cookieValue(page, "_xsrf").orElseThrow(() -> new AssertionError("no _xsrf cookie"));
        assertTrue(cookie.matches("2\\|[0-9a-f]{8}\\|[0-9a-f]{32}\\|\\d+"), cookie);

        HttpResponse<String> again = app.send(HttpRequest.newBuilder(app.base().resolve("/login"))
                .header("Cookie", "_xsrf=" + cookie)
                .GET());
        assertEquals(List.of(), again.headers().allValues("Set-Cookie"), "the _xsrf cookie was replaced");
    }

    @Test
    void postLoginWithoutAValidTokenIsForbidden() throws Exception {
        LoginForm form = loginForm();
        LoginForm other = loginForm();
        assertEquals(403, postLogin(null, "name=alice").statusCode());
        assertEquals(
                403, postLogin(null, "name=alice&_xsrf=" + encode(form.token())).statusCode());
        assertEquals(403, postLogin("_xsrf=" + form.cookie(), "name=alice").statusCode());
        assertEquals(
                403,
                postLogin("_xsrf=" + form.cookie(), "name=alice&_xsrf=" + encode(other.token()))
                        .statusCode());
        assertEquals(
                403,
                postLogin("_xsrf=" + form.cookie(), "name=alice&_xsrf=2%7Cgarbage")
                        .statusCode());
        HttpResponse<String> refused = postLogin("_xsrf=" + form.cookie(), "name=alice");
        assertFalse(cookieValue(refused, "user").isPresent(), "a refused login set the user cookie");
    }

    @Test
    void postLoginWithTheTokenSignsTheUserCookieInTornadosFormat() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String cookie = logIn("alice");
        long after = System.currentTimeMillis() / 1000;
        Matcher m = TORNADO_V2.matcher(cookie);
        assertTrue(m.matches(), cookie);
        long timestamp = Long.parseLong(m.group(1));
        assertTrue(timestamp >= before && timestamp <= after, cookie);
        assertEquals("alice", new String(Base64.getDecoder().decode(m.group(3)), StandardCharsets.UTF_8));
        assertEquals(Integer.parseInt(m.group(2)), m.group(3).length());
        String signed = cookie.substring(0, cookie.length() - 64);
        assertEquals(hmacHex(SECRET, signed), m.group(4));
    }

    @Test
    void tokenFromTheHeaderWorksToo() throws Exception {
        LoginForm form = loginForm();
        HttpResponse<String> response =
                app.send(HttpRequest.newBuilder(app.base().resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "_xsrf=" + form.cookie())
                        .header("X-XSRFToken", form.token())
                        .POST(HttpRequest.BodyPublishers.ofString("name=bob")));
        assertEquals(302, response.statusCode());
        assertEquals("/", location(response));
    }

    @Test
    void loginRedirectsToALocalNextOnly() throws Exception {
        LoginForm form = loginForm();
        String cookie = "_xsrf=" + form.cookie();
        String base = "_xsrf=" + encode(form.token()) + "&name=alice";
        assertEquals("/secret", location(postLogin(cookie, base + "&next=%2Fsecret")));
        assertEquals("/secret?a=1", location(postLogin(cookie, base + "&next=" + encode("/secret?a=1"))));
        assertEquals("/", location(postLogin(cookie, base)));
        for (String foreign :
                List.of("//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)")) {
            HttpResponse<String> response = postLogin(cookie, base + "&next=" + encode(foreign));
            assertEquals(302, response.statusCode(), foreign);
            assertEquals("/", location(response), foreign);
        }
    }

    @Test
    void aBodyInACharsetJavaDoesNotKnowIs400WithAPlainMessageAndNoTrace() throws Exception {
        LoginForm form = loginForm();
        String multipart = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--B--\r\n";
        List<List<String>> cases = List.of(
                List.of(
                        "/login",
                        "application/x-www-form-urlencoded; charset=foobar",
                        "_xsrf=" + encode(form.token()) + "&name=alice"),
                List.of("/upload", "text/plain; charset=bogus", "hello"),
                List.of("/upload", "multipart/form-data; boundary=B; charset=bogus", multipart));
        for (List<String> c : cases) {
            HttpResponse<String> response =
                    app.send(HttpRequest.newBuilder(app.base().resolve(c.get(0)))
                            .header("Content-Type", c.get(1))
                            .header("Cookie", "_xsrf=" + form.cookie())
                            .header("X-XSRFToken", form.token())
                            .POST(HttpRequest.BodyPublishers.ofString(c.get(2))));
            assertEquals(400, response.statusCode(), c + ": " + response.body());
            assertTrue(response.body().contains("charset"), response::body);
            assertFalse(response.body().contains("Exception"), response::body);
        }
        assertFalse(
                app.stderr().stream()
                        .anyMatch(line -> line.contains("Uncaught exception")
                                || line.contains("UnsupportedCharset")
                                || line.startsWith("\tat ")),
                app::output);
    }

    @Test
    void aNameTooLongForACookieIs400NamingTheLimitAndSetsNoCookie() throws Exception {
        LoginForm form = loginForm();
        for (int length : List.of(3_100, 20_000)) {
            HttpResponse<String> response = postLogin(
                    "_xsrf=" + form.cookie(), "_xsrf=" + encode(form.token()) + "&name=" + "a".repeat(length));
            assertEquals(400, response.statusCode(), length + ": " + response.body());
            assertTrue(response.body().contains("at most 256 characters"), response::body);
            assertFalse(cookieValue(response, "user").isPresent(), "a refused login set the user cookie");
        }
        String longest = "\u00e9".repeat(256);
        HttpResponse<String> greeting = secret(logIn(longest));
        assertEquals(200, greeting.statusCode(), "the longest name logs in and stays logged in");
        assertTrue(greeting.body().contains(longest), greeting::body);
    }

    @Test
    void aCookieNoBrowserWouldKeepFailsWhereTheApplicationSetsIt(@TempDir Path work) throws Exception {
        Path webroot = Artifacts.copyDemoWebRoot(work.resolve("webroot"));
        String source = DemoCompiler.source("LoginHandler");
        String unlimited = source.replace("LONGEST_NAME = 256", "LONGEST_NAME = 100_000");
        assertNotEquals(source, unlimited, "the edit must lift the demo's own limit");
        DemoCompiler.install(DemoCompiler.compile("LoginHandler", unlimited, work), webroot.resolve("WEB-INF/classes"));
        try (LauncherProcess unchecked = LauncherProcess.start(
                Artifacts.launcherJar(),
                webroot.toString(),
                "--port=0",
                "--address=127.0.0.1",
                "--cookie_secret=" + SECRET)) {
            HttpResponse<String> page = unchecked.get("/login");
            Matcher hidden = HIDDEN_XSRF.matcher(page.body());
            assertTrue(hidden.find(), page::body);
            String xsrf = cookieValue(page, "_xsrf").orElseThrow();
            for (int length : List.of(3_100, 20_000)) {
                HttpResponse<String> response =
                        unchecked.send(HttpRequest.newBuilder(unchecked.base().resolve("/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .header("Cookie", "_xsrf=" + xsrf)
                                .POST(HttpRequest.BodyPublishers.ofString("_xsrf="
                                        + encode(unescapeHtml(hidden.group(1))) + "&name=" + "a".repeat(length))));
                assertEquals(500, response.statusCode(), length + ": " + response.body());
                assertTrue(response.body().contains("Request id"), response::body);
                assertFalse(cookieValue(response, "user").isPresent(), "an oversized user cookie was sent");
            }
            unchecked.awaitLogCount("IllegalArgumentException: Cookie user is ", 2, Duration.ofSeconds(10));
            assertTrue(
                    unchecked.stderr().stream().anyMatch(line -> line.contains("browsers keep at most 4096")),
                    unchecked::output);
        }
    }

    @Test
    void secretWithoutAGoodCookieSendsToTheLoginPage() throws Exception {
        String good = logIn("alice");
        long old = System.currentTimeMillis() / 1000 - 32 * 86400;
        String expiredToSign = "2|1:0|10:" + old + "|4:user|8:YWxpY2U=|";
        String expired = expiredToSign + hmacHex(SECRET, expiredToSign);
        String foreignToSign = "2|1:0|10:" + System.currentTimeMillis() / 1000 + "|4:user|8:YWxpY2U=|";
        String foreign = foreignToSign + hmacHex("another-secret-of-another-application-entirely", foreignToSign);
        String tampered = good.replace("|8:YWxpY2U=|", "|8:bWFsbG9y|");
        assertFalse(tampered.equals(good));
        for (String bad : java.util.Arrays.asList(null, expired, foreign, tampered, "alice", "2|")) {
            HttpResponse<String> response = secret(bad);
            assertEquals(302, response.statusCode(), String.valueOf(bad));
            assertEquals("/login?next=%2Fsecret", location(response), String.valueOf(bad));
        }
        String fresh = "2|1:0|10:" + System.currentTimeMillis() / 1000 + "|4:user|8:YWxpY2U=|";
        assertEquals(200, secret(fresh + hmacHex(SECRET, fresh)).statusCode(), "a cookie signed in the test");
    }

    @Test
    void loggedInUserIsGreetedWithTheNameEscaped() throws Exception {
        HttpResponse<String> response = secret(logIn("<b>x</b>"));
        assertEquals(200, response.statusCode());
        assertEquals("Hello, &lt;b&gt;x&lt;/b&gt;", response.body());
    }

    @Test
    void tornadoSignedCookieIsReadByGale() throws Exception {
        try (TornadoProcess tornado = TornadoProcess.start(SECRET)) {
            HttpResponse<String> signed = app.client()
                    .send(
                            HttpRequest.newBuilder(tornado.base().resolve("/sign?name=" + encode("<b>Tornado é</b>")))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, signed.statusCode(), tornado::log);
            // Sent back exactly as Tornado set it, quotes and all, as a browser does.
            String setCookie = signed.headers().firstValue("Set-Cookie").orElseThrow();
            String raw = setCookie.substring("user=".length()).split(";", 2)[0];
            HttpResponse<String> response = secret(raw);
            assertEquals(200, response.statusCode(), () -> "Gale refused Tornado's cookie " + raw);
            assertEquals("Hello, &lt;b&gt;Tornado é&lt;/b&gt;", response.body());
        }
    }

    @Test
    void galeSignedCookieIsReadByTornado() throws Exception {
        String cookie = logIn("<b>Gale 名字</b>");
        try (TornadoProcess tornado = TornadoProcess.start(SECRET)) {
            HttpResponse<String> read = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(tornado.base().resolve("/read"))
                                    .header("Cookie", "user=" + cookie)
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(
                    200, read.statusCode(), () -> "Tornado refused Gale's cookie " + cookie + "\n" + tornado.log());
            assertEquals("<b>Gale 名字</b>", read.body());

            HttpResponse<String> foreign = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(tornado.base().resolve("/read"))
                                    .header("Cookie", "user=" + cookie.replace("|4:user|", "|4:usex|"))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(404, foreign.statusCode(), "the Tornado app accepts anything");
        }
    }

    @Test
    void shortOrPlaceholderSecretExitsWithOneLine() throws Exception {
        for (String secret : List.of("short", "__TODO:_GENERATE_YOUR_OWN_RANDOM_VALUE_HERE__")) {
            LauncherProcess launcher = LauncherProcess.launch(
                    Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--cookie_secret=" + secret);
            try (launcher) {
                assertEquals(2, launcher.awaitExit(), launcher::output);
                assertEquals(1, launcher.stderr().size(), launcher::output);
                assertTrue(launcher.stderr().get(0).contains("cookie_secret"), launcher::output);
                assertTrue(launcher.stdout().isEmpty(), launcher::output);
            }
        }
    }

    @Test
    void debugModeStartsWithAShortSecret() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                Artifacts.launcherJar(),
                Artifacts.demo(),
                "--port=0",
                "--address=127.0.0.1",
                "--debug",
                "--cookie_secret=short")) {
            assertEquals(200, launcher.get("/login").statusCode());
        }
    }

    @Test
    void withoutASecretOneLineSaysLoginsWillNotSurviveARestart() throws Exception {
        try (LauncherProcess launcher =
                LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1")) {
            String line = launcher.awaitLog("will not survive a restart", Duration.ofSeconds(30));
            assertTrue(line.contains("cookie_secret") || line.contains("COOKIE_SECRET"), line);
            long lines = launcher.stderr().stream()
                    .filter(l -> l.contains("survive a restart"))
                    .count();
            assertEquals(1, lines, launcher::output);
            assertFalse(
                    app.stderr().stream().anyMatch(l -> l.contains("survive a restart")),
                    "said so although --cookie_secret was given");
        }
    }

    private static Optional<String> cookieValue(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith(name + "="))
                .map(h -> h.substring(name.length() + 1).split(";", 2)[0])
                .map(v ->
                        v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v)
                .findFirst();
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("(no Location)");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unescapeHtml(String s) {
        return s.replace("&#x7c;", "|")
                .replace("&#124;", "|")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    static String hmacHex(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
