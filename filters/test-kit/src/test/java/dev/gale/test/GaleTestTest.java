package dev.gale.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.web.Application;
import dev.gale.web.ApplicationProvider;
import dev.gale.web.RequestHandler;
import dev.gale.web.Settings;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a test of a user's application relies on: the extension serves it, and the client acts as a browser. */
@GaleTest(application = GaleTestTest.CounterApp.class, contextPath = "/app", settings = "xsrf_cookies=true")
class GaleTestTest {
    /** An application behind the XSRF check with a per-visitor counter in a cookie. */
    public static final class CounterApp implements ApplicationProvider {
        @Override
        public Application create() {
            return Application.builder()
                    .setting(Settings.COOKIE_SECRET, "a secret of at least thirty-two characters")
                    .route("/count", CountHandler.class)
                    .build();
        }
    }

    /** {@code POST /count} adds one to the visitor's count; {@code GET /count} shows it. */
    public static final class CountHandler extends RequestHandler {
        @Override
        protected void get() {
            write(getCookie("count").orElse("0"));
        }

        @Override
        protected void post() {
            int count = Integer.parseInt(getCookie("count").orElse("0")) + 1;
            setCookie("count", Integer.toString(count));
            write(Integer.toString(count));
        }
    }

    @Test
    void fillsInTheXsrfTokenAndKeepsCookies(TestClient client) {
        assertEquals("1", client.post("/count", Map.of()).body());
        HttpResponse<String> second = client.post("/count", Map.of("note", "again"));
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("2", second.body());
        assertEquals("2", client.get("/count").body());
        assertEquals("2", client.cookie("count").orElseThrow());
    }

    @Test
    void eachTestGetsAClientWithoutCookies(TestClient client) {
        assertEquals("0", client.get("/count").body());
    }

    @Test
    void aClientWithoutXsrfSendsRequestsAsGiven(TestClient client) {
        HttpResponse<String> refused = client.withoutXsrf().post("/count", Map.of());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("_xsrf"), refused.body());
    }

    @Test
    void servesAtTheContextPath(GaleTestServer server) {
        assertEquals("/app", server.contextPath());
        assertTrue(server.uri("/count").toString().endsWith(":" + server.port() + "/app/count"));
    }
}
