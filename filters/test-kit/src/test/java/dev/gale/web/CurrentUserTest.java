package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.test.GaleTestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user that is an object of the application's own type, as Tornado apps return a row from get_current_user. */
class CurrentUserTest {
    record User(String name, String email) {}

    /** Looks the user up from a header, as an application would look up a session row. */
    public static final class ProfileHandler extends RequestHandler {
        @Override
        protected Optional<User> getCurrentUser() {
            return getHeader("X-User")
                    .map(name -> new User(name, name.toLowerCase(java.util.Locale.ROOT) + "@example.com"));
        }

        @Override
        @Authenticated
        protected void get() {
            User user = currentUser(User.class).orElseThrow();
            render("profile.mustache", Map.of("mail", user.email()));
        }
    }

    @TempDir
    Path templates;

    @Test
    void templatesAndHandlersReadTheUserObjectAndAnonymousVisitorsAreSentToLogin() throws IOException {
        Files.writeString(
                templates.resolve("profile.mustache"),
                "{{#current_user}}Hello {{current_user.name}} ({{mail}}){{/current_user}}");
        Application application = Application.builder()
                .setting(Settings.TEMPLATE_PATH, templates.toString())
                .setting(Settings.LOGIN_URL, "/login")
                .route("/profile", ProfileHandler.class)
                .build();
        try (GaleTestServer server = GaleTestServer.start(application)) {
            HttpResponse<String> known =
                    server.client().send(server.client().request("/profile").header("X-User", "Ada"));
            assertEquals(200, known.statusCode());
            assertEquals("Hello Ada (ada@example.com)", known.body());
            HttpResponse<String> anonymous = server.client().get("/profile");
            assertEquals(302, anonymous.statusCode());
            assertEquals(
                    "/login?next=%2Fprofile",
                    anonymous.headers().firstValue("Location").orElseThrow());
        }
    }
}
