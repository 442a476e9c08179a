package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.test.GaleTestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ReverseUrlTest {
    public static final class EntryHandler extends RequestHandler {
        @Override
        protected void get() {
            write("entry " + pathArg("slug"));
        }
    }

    public static final class LinkHandler extends RequestHandler {
        @Override
        protected void get() {
            write(reverseUrl("entry", getArgument("slug")));
        }
    }

    private static Application application() {
        return Application.builder()
                .route("/entry/(?<slug>[^/]+)", EntryHandler.class, "entry")
                .route("/pair/(\\d+)/([a-z]+)", EntryHandler.class, "pair")
                .route("^/files/(.+)\\.txt$", EntryHandler.class, "file")
                .route("/about", EntryHandler.class, "about")
                .route("/anything/.*", EntryHandler.class, "wildcard")
                .route("/choice/(?:a|b)/(x)", EntryHandler.class, "non-capturing")
                .route("/link", LinkHandler.class)
                .build();
    }

    @Test
    void reverseUrlFillsTheCaptureGroups() {
        Application app = application();
        assertEquals("/pair/7/abc", app.reverseUrl("pair", 7, "abc"));
        assertEquals("/about", app.reverseUrl("about"));
    }

    @Test
    void reverseUrlPercentEncodesArguments() {
        assertEquals("/entry/a%20b%3F%26%C3%A9%2B", application().reverseUrl("entry", "a b?&é+"));
    }

    @Test
    void reverseUrlUnescapesLiteralsAndDropsAnchors() {
        assertEquals("/files/report.txt", application().reverseUrl("file", "report"));
    }

    @Test
    void wrongNumberOfArgumentsIsRejected() {
        Application app = application();
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("pair", 1));
        assertTrue(tooFew.getMessage().contains("takes 2 arguments, not 1"), tooFew::getMessage);
        assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("entry", "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("about", "extra"));
    }

    @Test
    void unknownRouteNameIsRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> application().reverseUrl("nowhere"));
        assertTrue(e.getMessage().contains("nowhere"), e::getMessage);
    }

    @Test
    void patternWithRegexOutsideGroupsBuildsButCannotBeReversed() {
        Application app = application();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("wildcard"));
        assertTrue(e.getMessage().contains("cannot be reversed"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> app.reverseUrl("non-capturing", "x"));
    }

    /**
     * {@code \d} outside a group matches any digit; it is not the letter d, so the pattern cannot be reversed (as
     * Tornado refuses to unescape it), rather than giving a URL the route does not match.
     */
    @Test
    void escapedCharacterClassOutsideAGroupCannotBeReversed() {
        Application app = Application.builder()
                .route("/v\\d/items", EntryHandler.class, "versioned")
                .build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> app.reverseUrl("versioned"),
                () -> "reversed to " + app.reverseUrl("versioned") + ", which the route /v\\d/items does not match");
        assertTrue(e.getMessage().contains("cannot be reversed"), e::getMessage);
    }

    @Test
    void twoRoutesWithOneNameAreRejected() {
        Application.Builder builder = Application.builder()
                .route("/one", EntryHandler.class, "same")
                .route("/two", EntryHandler.class, "same");
        assertThrows(IllegalArgumentException.class, builder::build);
    }

    @Test
    void handlerReverseUrlIsUnderTheRootContext() {
        try (GaleTestServer server = GaleTestServer.start(application())) {
            HttpResponse<String> response = server.client().get("/link?slug=a+b");
            assertEquals(200, response.statusCode());
            assertEquals("/entry/a%20b", response.body());
        }
    }

    @Test
    void handlerReverseUrlAddsTheContextPath() {
        try (GaleTestServer server = GaleTestServer.builder()
                .application(application())
                .contextPath("/app")
                .start()) {
            HttpResponse<String> response = server.client().get("/link?slug=a+b");
            assertEquals(200, response.statusCode());
            assertEquals("/app/entry/a%20b", response.body());
        }
    }

    @Test
    void reversedUrlRoutesBackToTheSameArgument() {
        try (GaleTestServer server = GaleTestServer.builder()
                .application(application())
                .contextPath("/app")
                .start()) {
            String url =
                    server.client().get("/link?slug=" + "caf%C3%A9+au+lait%3F").body();
            HttpResponse<String> response =
                    server.client().send(server.client().request(url.substring("/app".length())));
            assertEquals(200, response.statusCode(), () -> "GET " + url);
            assertEquals("entry café au lait?", response.body());
        }
    }
}
