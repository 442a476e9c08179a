package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.test.GaleTestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handler that renders in a locale of its choosing, as Tornado's {@code locale.get} and {@code get_user_locale}. */
class ChosenLocaleTest {
    /** The locale a profile stores, here the {@code lang} argument, whatever the browser prefers. */
    public static final class ProfileHandler extends RequestHandler {
        @Override
        protected Optional<String> getUserLocale() {
            return Optional.ofNullable(getArgument("lang", null));
        }

        @Override
        protected void get() {
            render("page.mustache", Map.of("supported", String.join(",", supportedLocales())));
        }
    }

    /** Writes a mail in the recipient's language, then renders the page in another one it switches to. */
    public static final class MailHandler extends RequestHandler {
        @Override
        protected void get() {
            write("mail=" + getLocale(getArgument("to")).translate("Home") + "\n");
            setLocale(getArgument("page"));
            render("page.mustache", Map.of("supported", ""));
        }
    }

    @TempDir
    Path root;

    @Test
    void aHandlerRendersInTheLocaleItChoosesNotOnlyTheBrowsers() throws IOException {
        Path templates = Files.createDirectories(root.resolve("templates"));
        Path locale = Files.createDirectories(root.resolve("locale"));
        Files.writeString(locale.resolve("zh_CN.csv"), "\"Home\",\"首页\"\n", StandardCharsets.UTF_8);
        Files.writeString(locale.resolve("fr_FR.csv"), "\"Home\",\"Accueil\"\n", StandardCharsets.UTF_8);
        Files.writeString(templates.resolve("page.mustache"), "{{locale}} {{#_}}Home{{/_}} {{supported}}");
        Application application = Application.builder()
                .setting(Settings.TEMPLATE_PATH, templates.toString())
                .setting(Settings.TRANSLATIONS_PATH, locale.toString())
                .route("/profile", ProfileHandler.class)
                .route("/mail", MailHandler.class)
                .build();
        try (GaleTestServer server = GaleTestServer.start(application)) {
            assertEquals("fr-FR Accueil en_US,fr_FR,zh_CN", get(server, "/profile?lang=fr", "zh-CN"));
            assertEquals("zh-CN 首页 en_US,fr_FR,zh_CN", get(server, "/profile", "zh-CN"));
            assertEquals("en-US Home en_US,fr_FR,zh_CN", get(server, "/profile?lang=de", "zh-CN"));
            assertEquals("mail=首页\nfr-FR Accueil ", get(server, "/mail?to=zh_TW&page=fr_FR", "en"));
        }
    }

    private static String get(GaleTestServer server, String path, String acceptLanguage) {
        HttpResponse<String> response =
                server.client().send(server.client().request(path).header("Accept-Language", acceptLanguage));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
