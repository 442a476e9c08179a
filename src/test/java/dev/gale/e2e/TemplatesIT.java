package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /home} of {@code java -jar launcher.jar}: the template, its languages and its versioned logo. */
class TemplatesIT {
    private static final Pattern LOGO = Pattern.compile("<img src=\"(/static/images/logo\\.png\\?v=([0-9a-f]{5,}))\"");
    private static final String ENGLISH = "<title>FriendFeed - Home</title>";
    private static final String CHINESE = "<title>FriendFeed - 首页</title>";

    private static LauncherProcess app;

    @BeforeAll
    static void start() throws Exception {
        app = LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo(), "--port=0", "--address=127.0.0.1");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> home(String acceptLanguage) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(app.base().resolve("/home")).GET();
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        return app.send(request);
    }

    @Test
    void homeIsEnglishByDefault() throws Exception {
        HttpResponse<String> response = home(null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(response.body().contains(ENGLISH), response.body());
        assertTrue(response.body().contains("<h1>Welcome to FriendFeed</h1>"), response.body());
        assertTrue(response.body().contains("<html lang=\"en-US\">"), response.body());
    }

    @Test
    void homeIsChineseWhenZhIsPreferred() throws Exception {
        for (String header : List.of("zh-CN,zh;q=0.9", "zh", "zh-TW", "en;q=0.5, zh;q=0.8", "zh;q=0.5, en;q=0.5")) {
            HttpResponse<String> response = home(header);
            assertEquals(200, response.statusCode(), header);
            assertTrue(response.body().contains(CHINESE), header + ": " + response.body());
            assertTrue(response.body().contains("<h1>欢迎来到 FriendFeed</h1>"), response.body());
            assertTrue(response.headers()
                    .firstValue("Content-Type")
                    .orElse("")
                    .toLowerCase(Locale.ROOT)
                    .contains("utf-8"));
        }
    }

    @Test
    void homeIsEnglishWhenEnIsPreferredOrZhIsRefused() throws Exception {
        for (String header : List.of(
                "en;q=0.9, zh;q=0.8", "en-US,en;q=0.9", "en;q=0.5, zh;q=0.5", "zh;q=0", "fr-FR, de;q=0.9", "*")) {
            HttpResponse<String> response = home(header);
            assertEquals(200, response.statusCode(), header);
            assertTrue(response.body().contains(ENGLISH), header + ": " + response.body());
        }
    }

    @Test
    void aMalformedAcceptLanguageIsEnglishNotAnError() throws Exception {
        for (String header : List.of(";;;", "; , ;", "zh;q=abc", "zh;q=2", "zh;q=-1", "!!!", "zh;q=", ",,,", "q=1")) {
            HttpResponse<String> response = home(header);
            assertEquals(200, response.statusCode(), header);
            assertTrue(response.body().contains(ENGLISH), header + ": " + response.body());
        }
        RawRequest.Response raw =
                RawRequest.get(app.base().getPort(), "/home", "Accept-Language: zh\u00ff;q=0.9x, \u00e9n");
        assertEquals(200, raw.status(), raw.head());
        assertTrue(raw.contains(ENGLISH), raw.text());
    }

    @Test
    void theLogoUrlCarriesTheFilesHashWhichIsItsETag() throws Exception {
        HttpResponse<String> page = home(null);
        Matcher logo = LOGO.matcher(page.body());
        assertTrue(logo.find(), page.body());
        byte[] expected = Files.readAllBytes(Artifacts.webappSource().resolve("static/images/logo.png"));
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
        assertTrue(sha256.startsWith(logo.group(2)), "v=" + logo.group(2) + " is not a digest of the logo");

        HttpResponse<byte[]> file = app.client()
                .send(
                        HttpRequest.newBuilder(app.base().resolve(logo.group(1)))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertEquals(
                "\"" + logo.group(2) + "\"", file.headers().firstValue("ETag").orElse(""));
        assertArrayEquals(expected, file.body());
        assertEquals("image/png", file.headers().firstValue("Content-Type").orElse(""));
    }
}
