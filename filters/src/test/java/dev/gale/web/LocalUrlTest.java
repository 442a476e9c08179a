package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One rule says what a local URL is, and {@code localPath} and {@code redirect} answer each case alike: a local path
 * is kept by {@code localPath} and put under the context path by {@code redirect}; anything else is refused by the
 * one and sent as it is by the other.
 */
class LocalUrlTest {
    private static final String CASES = """
            '/x',       true
            '/a/b?c=d', true
            '//evil',   false
            '/\\evil',  false
            '/a\\b',    false
            'http://x', false
            '',         false
            'x',        false
            """;

    private static TestServer server;

    public static final class LocalPathHandler extends RequestHandler {
        @Override
        protected void get() {
            write(localPath(getArgument("to"), "(refused)"));
        }
    }

    public static final class RedirectHandler extends RequestHandler {
        @Override
        protected void get() {
            redirect(getArgument("to"));
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(
                Application.builder()
                        .route("/local-path", LocalPathHandler.class)
                        .route("/redirect", RedirectHandler.class)
                        .build(),
                "/app");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "\"{0}\" is local: {1}")
    @CsvSource(textBlock = CASES)
    void ruleSaysWhichUrlsAreOnThisSite(String url, boolean local) {
        assertEquals(local, LocalUrl.isLocal(url));
    }

    @ParameterizedTest(name = "\"{0}\" is local: {1}")
    @CsvSource(textBlock = CASES)
    void localPathAndRedirectAgree(String url, boolean local) {
        String query = "?to=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        HttpResponse<String> kept = server.get("/local-path" + query);
        assertEquals(local ? url : "(refused)", kept.body());
        HttpResponse<String> redirected = server.get("/redirect" + query);
        assertEquals(302, redirected.statusCode());
        assertEquals(
                local ? "/app" + url : url,
                redirected.headers().firstValue("Location").orElse(""));
    }
}
