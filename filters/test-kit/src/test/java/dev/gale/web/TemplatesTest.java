package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.test.GaleTestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mustache templates rendered by handlers on a real Jetty, with Gale's helpers, mounted at {@code /app}. */
class TemplatesTest {
    private static final String HOSTILE = "<b class=\"x\">Tom & 'Jerry'</b>";
    private static final byte[] LOGO = "not really a png, but bytes to hash".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path root;

    private static Path templates;
    private static GaleTestServer server;
    private static GaleTestServer cachingServer;

    public static final class PageHandler extends RequestHandler {
        @Override
        protected void get() {
            render(getArgument("t"), Map.of("x", HOSTILE, "name", "Gale"));
        }
    }

    /** Renders a template that fails half-way, catches the failure and writes on. */
    public static final class FailingRenderHandler extends RequestHandler {
        @Override
        protected void get() {
            write("before;");
            Function<String, String> failing = text -> {
                throw new IllegalStateException("failed on purpose");
            };
            try {
                render("fails-half-way.mustache", Map.of("name", "Gale", "fail", failing));
            } catch (RuntimeException e) {
                write("after");
            }
        }
    }

    public static final class EntryHandler extends RequestHandler {
        @Override
        protected void get() {
            write("entry " + pathArg("slug"));
        }
    }

    @BeforeAll
    static void start() throws IOException {
        templates = Files.createDirectories(root.resolve("templates"));
        Path statics = Files.createDirectories(root.resolve("static/images"));
        Files.write(statics.resolve("logo.png"), LOGO);
        Path locale = Files.createDirectories(root.resolve("locale"));
        Files.writeString(
                locale.resolve("zh_CN.csv"),
                String.join(
                        "\n",
                        "\"Home\",\"首页\"",
                        "\"Tom & Jerry\",\"<汤姆>\"",
                        "\"<b class=\"\"x\"\">Tom & 'Jerry'</b>\",\"<i>汤姆 & '杰瑞'</i>\"",
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(templates.resolve("escape.mustache"), "escaped={{x}}\nraw={{{x}}}\n");
        Files.writeString(
                templates.resolve("helpers.mustache"),
                String.join(
                        "\n",
                        "static={{#static_url}}images/logo.png{{/static_url}}",
                        "translated={{#_}}Home{{/_}}",
                        "translated-escaped={{#_}}Tom & Jerry{{/_}}",
                        "reverse={{#reverse_url}}entry my-slug{{/reverse_url}}",
                        "reverse-encoded={{#reverse_url}}entry a&b?é{{/reverse_url}}",
                        "path={{request.path}}",
                        "locale={{locale}}",
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(templates.resolve("translate-variable.mustache"), "translated={{#_}}{{x}}{{/_}}");
        Files.writeString(templates.resolve("edited.mustache"), "version 1 for {{name}}");
        Files.writeString(
                templates.resolve("unicode.mustache"),
                "héllo 首页 😀 {{name}} \u00ff\u0800\uffff",
                StandardCharsets.UTF_8);
        Files.writeString(templates.resolve("fails-half-way.mustache"), "{{name}} then {{#fail}}x{{/fail}}");
        Application application = Application.builder()
                .setting(Settings.TEMPLATE_PATH, templates.toString())
                .setting(Settings.STATIC_PATH, root.resolve("static").toString())
                .setting(Settings.TRANSLATIONS_PATH, locale.toString())
                .setting(Settings.COMPILED_TEMPLATE_CACHE, false)
                .route("/page", PageHandler.class)
                .route("/failing-render", FailingRenderHandler.class)
                .route("/entry/(?<slug>[^/]+)", EntryHandler.class, "entry")
                .build();
        server = GaleTestServer.builder()
                .application(application)
                .contextPath("/app")
                .start();
        cachingServer = GaleTestServer.start(Application.builder()
                .setting(Settings.TEMPLATE_PATH, templates.toString())
                .setting(Settings.COMPILED_TEMPLATE_CACHE, true)
                .route("/page", PageHandler.class)
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
        cachingServer.close();
    }

    @Test
    void doubleBracesEscapeHtmlAndTripleBracesDoNot() {
        HttpResponse<String> response = server.client().get("/page?t=escape.mustache");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String body = response.body();
        assertTrue(body.contains("raw=" + HOSTILE + "\n"), body);
        String escaped = body.substring(body.indexOf("escaped=") + 8, body.indexOf('\n'));
        assertFalse(
                escaped.contains("<") || escaped.contains(">") || escaped.contains("\"") || escaped.contains("'"),
                escaped);
        assertEquals("&lt;b class&#61;&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;", escaped);
    }

    @Test
    void aPageIsSentAsUtf8WhateverItsCharacters() throws Exception {
        HttpResponse<byte[]> response = server.client()
                .send(server.client().request("/page?t=unicode.mustache"), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals("héllo 首页 😀 Gale \u00ff\u0800\uffff".getBytes(StandardCharsets.UTF_8), response.body());
    }

    @Test
    void aTemplateThatFailsHalfWayLeavesNothingOfItInTheResponse() {
        HttpResponse<String> response = server.client().get("/failing-render");
        assertEquals(200, response.statusCode());
        assertEquals("before;after", response.body());
    }

    @Test
    void withoutTheCompiledTemplateCacheAnEditedTemplateShowsOnTheNextRequest() throws IOException {
        Path template = templates.resolve("edited.mustache");
        Files.writeString(template, "version 1 for {{name}}");
        assertEquals(
                "version 1 for Gale",
                server.client().get("/page?t=edited.mustache").body());
        assertEquals(
                "version 1 for Gale",
                cachingServer.client().get("/page?t=edited.mustache").body());
        Files.writeString(template, "version 2 for {{name}}!");
        assertEquals(
                "version 2 for Gale!",
                server.client().get("/page?t=edited.mustache").body());
        assertEquals(
                "version 1 for Gale",
                cachingServer.client().get("/page?t=edited.mustache").body(),
                "with the cache on, the template compiled first is kept");
    }

    @Test
    void aMissingTemplateIsA500WithNoDetail() {
        HttpResponse<String> response = server.client().get("/page?t=no-such-template.mustache");
        assertEquals(500, response.statusCode());
        assertTrue(
                response.body()
                        .matches("<html><title>500: Internal Server Error</title><body>500: Internal "
                                + "Server Error<p>Request id: [0-9a-f]{12}</p></body></html>"),
                response::body);
    }

    @Test
    void aMissingTemplateOutsideTheDirectoryIsA500WithNoDetail() {
        HttpResponse<String> response = server.client().get("/page?t=../../../../etc/passwd");
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("root:"), response.body());
        assertFalse(response.body().toLowerCase(Locale.ROOT).contains("mustache"), response.body());
    }

    @Test
    void helpersGiveVersionedStaticUrlsTranslationsReverseUrlsAndTheRequest() throws Exception {
        HttpResponse<String> response = server.client().get("/page?t=helpers.mustache");
        assertEquals(200, response.statusCode(), response.body());
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(LOGO))
                .substring(0, 16);
        assertEquals(
                String.join(
                        "\n",
                        "static=/app/static/images/logo.png?v=" + hash,
                        "translated=Home",
                        "translated-escaped=Tom &amp; Jerry",
                        "reverse=/app/entry/my-slug",
                        "reverse-encoded=/app/entry/a%26b%3F%C3%A9",
                        "path=/page",
                        "locale=en-US",
                        ""),
                response.body());
    }

    @Test
    void helpersFollowAcceptLanguage() {
        HttpResponse<String> response = server.client()
                .send(server.client()
                        .request("/page?t=helpers.mustache")
                        .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
                        .GET());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\ntranslated=首页\n"), response.body());
        assertTrue(response.body().contains("\ntranslated-escaped=&lt;汤姆&gt;\n"), response.body());
        assertTrue(response.body().contains("\nlocale=zh-CN\n"), response.body());
    }

    @Test
    void aTranslatedVariableIsLookedUpAsTextAndEscapedOnce() {
        HttpResponse<String> chinese = server.client()
                .send(server.client()
                        .request("/page?t=translate-variable.mustache")
                        .header("Accept-Language", "zh-CN")
                        .GET());
        assertEquals("translated=&lt;i&gt;汤姆 &amp; &#39;杰瑞&#39;&lt;/i&gt;", chinese.body());
        String english =
                server.client().get("/page?t=translate-variable.mustache").body();
        assertEquals("translated=" + Escape.html(HOSTILE), english);
    }

    @Test
    void theVersionedUrlOfTheHelperServesTheFileForTenYears() {
        String body = server.client().get("/page?t=helpers.mustache").body();
        String url = body.substring(body.indexOf("static=/app") + "static=/app".length(), body.indexOf('\n'));
        HttpResponse<String> file = server.client().get(url);
        assertEquals(200, file.statusCode());
        assertEquals(new String(LOGO, StandardCharsets.UTF_8), file.body());
        assertEquals(
                "max-age=315360000, public, immutable",
                file.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("entry my-slug", server.client().get("/entry/my-slug").body());
    }
}
