package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.internal.security.XsrfToken;
import dev.gale.test.GaleTestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code xsrf_cookies}: every POST, PUT, PATCH and DELETE carries the token of the {@code _xsrf} cookie. */
class XsrfTest {
    private static GaleTestServer server;

    public static final class FormHandler extends RequestHandler {
        @Override
        protected void get() {
            write(xsrfFormHtml());
        }

        @Override
        protected void post() {
            write("posted");
        }

        @Override
        protected void put() {
            write("put");
        }

        @Override
        protected void patch() {
            write("patched");
        }

        @Override
        protected void delete() {
            write("deleted");
        }
    }

    public static final class TokenHandler extends RequestHandler {
        @Override
        protected void get() {
            write(xsrfToken());
        }
    }

    /** An API authenticated otherwise, exempt from the check. */
    public static final class ExemptHandler extends RequestHandler {
        @Override
        protected void checkXsrfCookie() {}

        @Override
        protected void post() {
            write("exempt");
        }
    }

    /** Records whether prepare ran, to show the check comes first. */
    public static final class PrepareHandler extends RequestHandler {
        static volatile boolean prepared;

        @Override
        protected void prepare() {
            prepared = true;
        }

        @Override
        protected void post() {
            write("prepared");
        }
    }

    @BeforeAll
    static void start() {
        server = GaleTestServer.start(Application.builder()
                .setting(Settings.COOKIE_SECRET, AuthenticatedTest.SECRET)
                .setting(Settings.XSRF_COOKIES, true)
                .route("/form", FormHandler.class)
                .route("/token", TokenHandler.class)
                .route("/exempt", ExemptHandler.class)
                .route("/prepare", PrepareHandler.class)
                .build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh {@code _xsrf} cookie value from the server. */
    private static String cookie() {
        HttpResponse<String> response = server.client().withoutXsrf().get("/token");
        assertEquals(200, response.statusCode());
        return Cookies.value(response, "_xsrf").orElseThrow(() -> new AssertionError("no _xsrf cookie"));
    }

    private static HttpResponse<String> postForm(String path, String cookie, String form) {
        HttpRequest.Builder request = server.client()
                .withoutXsrf()
                .request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", "_xsrf=" + cookie);
        }
        return server.client().withoutXsrf().send(request);
    }

    private static String field(String token) {
        return "_xsrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    @Test
    void postWithoutTokenIsForbidden() {
        HttpResponse<String> response = postForm("/form", cookie(), "a=1");
        assertEquals(403, response.statusCode());
        assertTrue(
                response.body().contains("&#x27;_xsrf&#x27; argument missing")
                        || response.body().contains("_xsrf"),
                response::body);
    }

    @Test
    void postWithoutCookieIsForbiddenEvenWithAWellFormedToken() {
        String token = XsrfToken.generate(0).masked();
        assertEquals(403, postForm("/form", null, field(token)).statusCode());
    }

    @Test
    void postWithAnotherTokenIsForbidden() {
        String cookie = cookie();
        String other = cookie();
        assertNotEquals(cookie, other);
        assertEquals(403, postForm("/form", cookie, field(other)).statusCode());
        assertEquals(403, postForm("/form", cookie, "_xsrf=garbage").statusCode());
        assertEquals(403, postForm("/form", cookie, "_xsrf=").statusCode());
    }

    @Test
    void tokenInTheFormFieldIsAccepted() {
        String cookie = cookie();
        HttpResponse<String> response = postForm("/form", cookie, "a=1&" + field(cookie));
        assertEquals(200, response.statusCode(), response::body);
        assertEquals("posted", response.body());
    }

    @Test
    void tokenInTheQueryIsAccepted() {
        String cookie = cookie();
        assertEquals(200, postForm("/form?" + field(cookie), cookie, "a=1").statusCode());
    }

    @Test
    void tokenInTheXsrfHeaderIsAccepted() {
        String cookie = cookie();
        for (String header : List.of("X-XSRFToken", "X-CSRFToken", "x-xsrftoken")) {
            HttpResponse<String> response = server.client()
                    .withoutXsrf()
                    .send(server.client()
                            .withoutXsrf()
                            .request("/form")
                            .header("Cookie", "_xsrf=" + cookie)
                            .header(header, cookie)
                            .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, response.statusCode(), header);
            HttpResponse<String> wrong = server.client()
                    .withoutXsrf()
                    .send(server.client()
                            .withoutXsrf()
                            .request("/form")
                            .header("Cookie", "_xsrf=" + cookie)
                            .header(header, cookie())
                            .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(403, wrong.statusCode(), header);
        }
    }

    @Test
    void everyUnsafeMethodIsChecked() {
        String cookie = cookie();
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            HttpResponse<String> without = server.client()
                    .withoutXsrf()
                    .send(server.client()
                            .withoutXsrf()
                            .request("/form")
                            .header("Cookie", "_xsrf=" + cookie)
                            .method(method, HttpRequest.BodyPublishers.noBody()));
            assertEquals(403, without.statusCode(), method);
            HttpResponse<String> with = server.client()
                    .withoutXsrf()
                    .send(server.client()
                            .withoutXsrf()
                            .request("/form")
                            .header("Cookie", "_xsrf=" + cookie)
                            .header("X-XSRFToken", cookie)
                            .method(method, HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, with.statusCode(), method);
        }
        assertEquals(200, server.client().withoutXsrf().get("/form").statusCode());
    }

    @Test
    void theCheckRunsBeforePrepare() {
        PrepareHandler.prepared = false;
        assertEquals(403, postForm("/prepare", cookie(), "a=1").statusCode());
        assertFalse(PrepareHandler.prepared, "prepare ran for a request that failed the XSRF check");
    }

    @Test
    void anOverriddenCheckExemptsTheHandler() {
        HttpResponse<String> response = postForm("/exempt", null, "a=1");
        assertEquals(200, response.statusCode());
        assertEquals("exempt", response.body());
    }

    @Test
    void theCookieIsSetOnceAndKeptWhilePresent() {
        HttpResponse<String> first = server.client().withoutXsrf().get("/form");
        String setCookie = Cookies.header(first, "_xsrf").orElseThrow();
        assertTrue(Cookies.attributes(setCookie).contains("samesite=lax"), setCookie);
        assertTrue(Cookies.attributes(setCookie).contains("path=/"), setCookie);
        // Not HttpOnly, as in Tornado: scripts read it to send X-XSRFToken.
        assertFalse(Cookies.attributes(setCookie).contains("httponly"), setCookie);
        String cookie = Cookies.value(first, "_xsrf").orElseThrow();

        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> page = server.client()
                    .withoutXsrf()
                    .send(server.client()
                            .withoutXsrf()
                            .request("/form")
                            .header("Cookie", "_xsrf=" + cookie)
                            .GET());
            assertEquals(List.of(), page.headers().allValues("Set-Cookie"), "the cookie was replaced");
            String html = page.body();
            String token = html.replaceAll("(?s).*value=\"([^\"]+)\".*", "$1")
                    .replace("&#x7c;", "|")
                    .replace("&#124;", "|");
            assertTrue(token.startsWith("2|"), html);
            tokens.add(token);
        }
        assertEquals(10, tokens.size(), "the masked tokens repeated");
        for (String token : tokens) {
            assertEquals(200, postForm("/form", cookie, field(token)).statusCode(), token);
        }
    }

    @Test
    void aVersionOneCookieIsKeptAndItsTokensWork() {
        String cookie = "0123456789abcdef0123456789abcdef";
        HttpResponse<String> page = server.client()
                .withoutXsrf()
                .send(server.client()
                        .withoutXsrf()
                        .request("/token")
                        .header("Cookie", "_xsrf=" + cookie)
                        .GET());
        assertEquals(List.of(), page.headers().allValues("Set-Cookie"));
        assertEquals(200, postForm("/form", cookie, field(page.body())).statusCode());
        assertEquals(200, postForm("/form", cookie, field(cookie)).statusCode());
    }

    @Test
    void aGarbageCookieIsReplaced() {
        HttpResponse<String> page = server.client()
                .withoutXsrf()
                .send(server.client()
                        .withoutXsrf()
                        .request("/token")
                        .header("Cookie", "_xsrf=garbage")
                        .GET());
        String replacement = Cookies.value(page, "_xsrf").orElseThrow(() -> new AssertionError("not replaced"));
        assertTrue(replacement.startsWith("2|"), replacement);
        assertEquals(200, postForm("/form", replacement, field(page.body())).statusCode());
        assertEquals(403, postForm("/form", "garbage", field(page.body())).statusCode());
    }
}
