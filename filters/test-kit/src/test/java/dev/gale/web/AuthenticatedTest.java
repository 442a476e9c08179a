package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.internal.security.SignedValue;
import dev.gale.test.GaleTestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Authenticated}, signed cookies and {@code localPath} over HTTP, as the demo's login uses them. */
class AuthenticatedTest {
    static final String SECRET = "an-authentication-test-secret-that-is-long-enough";

    abstract static class UserHandler extends RequestHandler {
        @Override
        protected Optional<String> getCurrentUser() {
            return getSignedCookie("user");
        }
    }

    public static final class LoginHandler extends UserHandler {
        @Override
        protected void get() {
            write("login page, next=" + getArgument("next", "-") + xsrfFormHtml());
        }

        @Override
        protected void post() {
            setSignedCookie("user", getArgument("name"));
            redirect(localPath(getArgument("next", "/"), "/"));
        }
    }

    public static final class SecretHandler extends UserHandler {
        @Override
        @Authenticated
        protected void get() {
            write("Hello, " + Escape.html(currentUser(String.class).orElseThrow()));
        }

        @Override
        @Authenticated
        protected void post() {
            write("posted by " + currentUser().orElseThrow());
        }

        @Override
        @Authenticated
        protected void delete() {
            write("deleted by " + currentUser().orElseThrow());
        }
    }

    /** Knows the user from a header read in prepare, as a handler that looks a session up there would. */
    public static final class PreparedUserHandler extends RequestHandler {
        private String user;

        @Override
        protected void prepare() {
            user = getHeader("X-Test-User").orElse(null);
            if (getHeader("X-Test-Redirect").isPresent()) {
                redirect("/elsewhere");
            }
        }

        @Override
        protected Optional<String> getCurrentUser() {
            return Optional.ofNullable(user);
        }

        @Override
        @Authenticated
        protected void get() {
            write("prepared for " + currentUser().orElseThrow());
        }
    }

    public static final class LocalPathHandler extends RequestHandler {
        @Override
        protected void get() {
            write(localPath(getArgument("to"), "/fallback"));
        }
    }

    static Application application(boolean xsrf) {
        return Application.builder()
                .setting(Settings.COOKIE_SECRET, SECRET)
                .setting(Settings.LOGIN_URL, "/login")
                .setting(Settings.XSRF_COOKIES, xsrf)
                .route("/login", LoginHandler.class)
                .route("/secret", SecretHandler.class)
                .route("/local", LocalPathHandler.class)
                .route("/prepared", PreparedUserHandler.class)
                .build();
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("(no Location)");
    }

    private static HttpResponse<String> getWithCookie(GaleTestServer server, String path, String cookie) {
        return server.client()
                .send(server.client().request(path).header("Cookie", cookie).GET());
    }

    @Test
    void anonymousGetIsSentToTheLoginPageWithNext() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            HttpResponse<String> response = server.client().get("/secret");
            assertEquals(302, response.statusCode());
            assertEquals("/login?next=%2Fsecret", location(response));
            HttpResponse<String> withQuery = server.client().get("/secret?tab=2&x=%C3%A9");
            assertEquals(302, withQuery.statusCode());
            assertEquals(
                    "/login?next=" + URLEncoder.encode("/secret?tab=2&x=%C3%A9", StandardCharsets.UTF_8),
                    location(withQuery));
        }
    }

    @Test
    void anonymousGetUnderAContextPathStaysUnderIt() {
        try (GaleTestServer server = GaleTestServer.builder()
                .application(application(false))
                .contextPath("/app")
                .start()) {
            HttpResponse<String> response = server.client().get("/secret");
            assertEquals(302, response.statusCode());
            assertEquals("/app/login?next=%2Fsecret", location(response));

            HttpResponse<String> login = server.client().post("/login", "name=alice&next=%2Fsecret");
            assertEquals(302, login.statusCode());
            assertEquals("/app/secret", location(login));
            String setCookie = Cookies.header(login, "user").orElseThrow();
            assertTrue(Cookies.attributes(setCookie).contains("path=/app"), setCookie);

            String cookie = "user=" + Cookies.value(login, "user").orElseThrow();
            HttpResponse<String> secret = getWithCookie(server, "/secret", cookie);
            assertEquals(200, secret.statusCode());
            assertEquals("Hello, alice", secret.body());
        }
    }

    @Test
    void anonymousPostAndDeleteAreForbidden() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            HttpResponse<String> post = server.client().post("/secret", "a=1");
            assertEquals(403, post.statusCode());
            assertFalse(post.headers().firstValue("Location").isPresent());
            HttpResponse<String> delete =
                    server.client().send(server.client().request("/secret").DELETE());
            assertEquals(403, delete.statusCode());
        }
    }

    @Test
    void loggedInUserIsServedAndTheNameEscaped() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            HttpResponse<String> login = server.client().post("/login", "name=%3Cb%3Ex%3C%2Fb%3E&next=%2Fsecret");
            assertEquals(302, login.statusCode());
            assertEquals("/secret", location(login));
            String value = Cookies.value(login, "user").orElseThrow();
            assertEquals(Optional.of("<b>x</b>"), SignedValue.of(SECRET).decode("user", value, 31));

            HttpResponse<String> secret = getWithCookie(server, "/secret", "user=" + value);
            assertEquals(200, secret.statusCode());
            assertEquals("Hello, &lt;b&gt;x&lt;/b&gt;", secret.body());
            HttpResponse<String> post = server.client()
                    .send(server.client()
                            .request("/secret")
                            .header("Cookie", "user=" + value)
                            .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, post.statusCode());
            assertEquals("posted by <b>x</b>", post.body());
        }
    }

    @Test
    void badCookiesAreAnonymous() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            String good = SignedValue.of(SECRET).create("user", "alice");
            String foreign = SignedValue.of("another-secret-entirely-and-long-enough-too")
                    .create("user", "alice");
            String tampered = good.replace("8:YWxpY2U=", "8:bWFsbG9y");
            String otherName = SignedValue.of(SECRET).create("admin", "alice");
            for (String bad : List.of(foreign, tampered, otherName, "alice", "2|", good + "0")) {
                HttpResponse<String> response = getWithCookie(server, "/secret", "user=" + bad);
                assertEquals(302, response.statusCode(), bad);
                assertEquals("/login?next=%2Fsecret", location(response), bad);
            }
            assertEquals(200, getWithCookie(server, "/secret", "user=" + good).statusCode());
        }
    }

    @Test
    void signedCookieIsHttpOnlyLaxAndNotSecureOverHttp() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            HttpResponse<String> login = server.client().post("/login", "name=alice");
            String setCookie = Cookies.header(login, "user").orElseThrow();
            List<String> attributes = Cookies.attributes(setCookie);
            assertTrue(attributes.contains("httponly"), setCookie);
            assertTrue(attributes.contains("samesite=lax"), setCookie);
            assertTrue(attributes.contains("path=/"), setCookie);
            assertTrue(attributes.contains("max-age=2592000"), setCookie);
            assertFalse(attributes.contains("secure"), setCookie);
        }
    }

    @Test
    void cookiesAreSecureWhenATrustedProxySaysHttps() {
        try (GaleTestServer server = GaleTestServer.builder()
                .application(application(true))
                .setting("xheaders", "true")
                .start()) {
            HttpResponse<String> page = server.client()
                    .send(server.client()
                            .request("/login")
                            .header("X-Scheme", "https")
                            .GET());
            String xsrfCookie = Cookies.header(page, "_xsrf").orElseThrow();
            assertTrue(Cookies.attributes(xsrfCookie).contains("secure"), xsrfCookie);
            assertTrue(Cookies.attributes(xsrfCookie).contains("samesite=lax"), xsrfCookie);

            String xsrf = Cookies.value(page, "_xsrf").orElseThrow();
            HttpResponse<String> login = server.client()
                    .send(server.client()
                            .request("/login")
                            .header("X-Scheme", "https")
                            .header("Cookie", "_xsrf=" + xsrf)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "name=alice&_xsrf=" + URLEncoder.encode(xsrf, StandardCharsets.UTF_8))));
            assertEquals(302, login.statusCode(), login::body);
            String userCookie = Cookies.header(login, "user").orElseThrow();
            List<String> attributes = Cookies.attributes(userCookie);
            assertTrue(attributes.contains("secure"), userCookie);
            assertTrue(attributes.contains("httponly"), userCookie);
            assertTrue(attributes.contains("samesite=lax"), userCookie);

            HttpResponse<String> plain = server.client().get("/login");
            String plainCookie = Cookies.header(plain, "_xsrf").orElseThrow();
            assertFalse(Cookies.attributes(plainCookie).contains("secure"), plainCookie);
        }
    }

    @Test
    void authenticationIsCheckedAfterPrepare() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            HttpResponse<String> known = server.client()
                    .send(server.client()
                            .request("/prepared")
                            .header("X-Test-User", "carol")
                            .GET());
            assertEquals(200, known.statusCode());
            assertEquals("prepared for carol", known.body());
            HttpResponse<String> anonymous = server.client().get("/prepared");
            assertEquals(302, anonymous.statusCode());
            assertEquals("/login?next=%2Fprepared", location(anonymous));
            HttpResponse<String> finished = server.client()
                    .send(server.client()
                            .request("/prepared")
                            .header("X-Test-Redirect", "yes")
                            .GET());
            assertEquals(302, finished.statusCode());
            assertEquals("/elsewhere", location(finished), "prepare finished the response; the check must not run");
        }
    }

    @Test
    void localPathKeepsPathsOnThisSite() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            for (String local : List.of("/", "/secret", "/a/b?c=d&e=/f", "/%2F%2Fevil", "/caf%C3%A9")) {
                HttpResponse<String> response =
                        server.client().get("/local?to=" + URLEncoder.encode(local, StandardCharsets.UTF_8));
                assertEquals(local, response.body(), local);
            }
        }
    }

    @Test
    void localPathRefusesEverythingElse() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            for (String foreign : List.of(
                    "//evil.example",
                    "//evil.example/x",
                    "/\\evil.example",
                    "\\\\evil.example",
                    "/\\/evil.example",
                    "https://evil.example/",
                    "http:evil.example",
                    "javascript:alert(1)",
                    "JavaScript:alert(1)",
                    "evil.example",
                    "",
                    " /secret",
                    "/\t/evil.example",
                    "/\n/evil.example",
                    "/\r\nSet-Cookie: x=y",
                    "/a\u0000b",
                    "/a\u007fb",
                    "/ /evil.example")) {
                HttpResponse<String> response =
                        server.client().get("/local?to=" + URLEncoder.encode(foreign, StandardCharsets.UTF_8));
                assertEquals(200, response.statusCode(), foreign);
                assertEquals("/fallback", response.body(), () -> "for " + foreign.replace("\n", "\\n"));
            }
        }
    }

    @Test
    void loginRedirectsToALocalNextOnly() {
        try (GaleTestServer server = GaleTestServer.start(application(false))) {
            for (String foreign :
                    List.of("//evil.example", "https://evil.example", "/\\evil.example", "javascript:x")) {
                HttpResponse<String> login = server.client()
                        .post("/login", "name=alice&next=" + URLEncoder.encode(foreign, StandardCharsets.UTF_8));
                assertEquals(302, login.statusCode());
                assertEquals("/", location(login), foreign);
            }
            HttpResponse<String> login = server.client().post("/login", "name=alice&next=%2Fsecret%3Fx%3D1");
            assertEquals("/secret?x=1", location(login));
        }
    }
}
