package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.test.GaleTestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tornado's {@code get_template_namespace} and the escape helpers its templates lean on. */
class TemplateNamespaceTest {
    /** Every page of the site sees its name; a page's own model wins over it. */
    abstract static class SiteHandler extends RequestHandler {
        @Override
        protected Map<String, Object> getTemplateNamespace() {
            return Map.of("site_name", "Gale News", "tagline", "site-wide");
        }
    }

    public static final class EntryHandler extends SiteHandler {
        @Override
        protected void get() {
            Map<String, Object> model = new HashMap<>();
            model.put("tagline", "this page's");
            model.put("text", "See www.example.com/a?b=1&c=2 or <https://gale.dev/docs>.");
            model.put("query", "tea & café");
            model.put("posted", Instant.now().minus(Duration.ofMinutes(3)).getEpochSecond());
            model.put("launched", Instant.parse("2020-01-02T15:04:00Z"));
            model.put("data", Escape.json(Map.of("tags", List.of("a", "</script>"))));
            render("entry.mustache", model);
        }
    }

    @TempDir
    Path root;

    @Test
    void templatesSeeTheNamespaceAndTornadosHelpers() throws IOException {
        Path templates = Files.createDirectories(root.resolve("templates"));
        Path locale = Files.createDirectories(root.resolve("locale"));
        Files.writeString(
                locale.resolve("zh_CN.csv"),
                String.join(
                        "\n",
                        "\"1 minute ago\",\"1 分钟前\",\"singular\"",
                        "\"%(minutes)d minutes ago\",\"%(minutes)d 分钟前\",\"plural\"",
                        "\"January\",\"一月\"",
                        "\"%(month_name)s %(day)s, %(year)s at %(time)s\",\"%(year)s年%(month_name)s%(day)s日 %(time)s\"",
                        ""),
                StandardCharsets.UTF_8);
        Files.writeString(
                templates.resolve("entry.mustache"),
                String.join(
                        "\n",
                        "{{site_name}} / {{tagline}}",
                        "{{#linkify}}{{text}}{{/linkify}}",
                        "/search?q={{#url_escape}}{{query}}{{/url_escape}}",
                        "{{#json_encode}}{{query}}{{/json_encode}} {{{data}}}",
                        "{{#locale.format_date}}{{posted}}{{/locale.format_date}}",
                        "{{#locale.format_date}}{{launched}}{{/locale.format_date}}",
                        "{{request.full_url}} debug={{settings.debug}}",
                        ""),
                StandardCharsets.UTF_8);
        Application application = Application.builder()
                .setting(Settings.TEMPLATE_PATH, templates.toString())
                .setting(Settings.TRANSLATIONS_PATH, locale.toString())
                .route("/entry", EntryHandler.class)
                .build();
        try (GaleTestServer server = GaleTestServer.start(application)) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(
                    String.join(
                            "\n",
                            "Gale News / this page&#39;s",
                            "See <a href=\"http://www.example.com/a?b=1&amp;c=2\">www.example.com/a?b=1&amp;c=2</a> or "
                                    + "&lt;<a href=\"https://gale.dev/docs\">https://gale.dev/docs</a>&gt;.",
                            "/search?q=tea+%26+caf%C3%A9",
                            "\"tea \\u0026 café\" {\"tags\":[\"a\",\"\\u003c\\/script\\u003e\"]}",
                            "3 minutes ago",
                            "January 2, 2020 at 3:04 pm",
                            base + "/entry?x&#61;1 debug=false",
                            ""),
                    get(server, "/entry?x=1", "en-US"));
            String chinese = get(server, "/entry?x=1", "zh-CN");
            assertEquals(
                    "3 分钟前\n2020年一月2日 下午3:04",
                    chinese.lines()
                            .skip(4)
                            .limit(2)
                            .reduce((a, b) -> a + "\n" + b)
                            .orElseThrow());
        }
    }

    private static String get(GaleTestServer server, String path, String acceptLanguage) {
        HttpResponse<String> response =
                server.client().send(server.client().request(path).header("Accept-Language", acceptLanguage));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
