package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.UriCompliance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutingTest {
    private static final String NOT_FOUND_PAGE =
            "<html><title>404: Not Found</title><body>404: Not Found</body></html>";

    /** Paths whose handlers ran {@link RequestHandler#onFinish()}. */
    static final BlockingQueue<String> FINISHED = new LinkedBlockingQueue<>();

    private static TestServer server;

    public static final class NewItemHandler extends RequestHandler {
        @Override
        protected void get() {
            write("new item form");
        }
    }

    public static final class ItemHandler extends RequestHandler {
        @Override
        protected void get() {
            write("item " + pathArg(1));
        }
    }

    public static final class ShadowedHandler extends RequestHandler {
        @Override
        protected void get() {
            write("shadowed");
        }
    }

    public static final class TextHandler extends RequestHandler {
        @Override
        protected void get() {
            write("exactly a");
        }
    }

    /** Writes the route's pattern, so a test sees which route served a path. */
    public static final class PatternHandler extends RequestHandler {
        @Override
        protected void get() {
            write("served by " + getClass().getSimpleName() + " " + pathArgs());
        }
    }

    public static final class PairHandler extends RequestHandler {
        @Override
        protected void get() {
            write(pathArg(1) + "|" + pathArg(2) + "|" + pathArgs());
        }
    }

    public static final class NamedHandler extends RequestHandler {
        @Override
        protected void get() {
            write("slug=" + pathArg("slug"));
        }
    }

    public static final class OptionalGroupHandler extends RequestHandler {
        @Override
        protected void get() {
            write("[" + pathArg(1) + "]");
        }
    }

    public static final class GetOnlyHandler extends RequestHandler {
        @Override
        protected void get() {
            write("héllo from get");
        }
    }

    public static final class GetPostHandler extends RequestHandler {
        @Override
        protected void get() {
            write("get");
        }

        @Override
        protected void post() {
            write("post");
        }
    }

    public static final class PostOnlyHandler extends RequestHandler {
        @Override
        protected void post() {
            write("posted");
        }
    }

    public abstract static class AbstractHandler extends RequestHandler {}

    /** Not static: Gale cannot create it. */
    @SuppressWarnings("ClassCanBeStatic") // the mistake under test
    public final class InnerHandler extends RequestHandler {}

    public static final class ArgumentConstructorHandler extends RequestHandler {
        public ArgumentConstructorHandler(String needed) {
            write(needed);
        }
    }

    public static final class InitArgsHandler extends RequestHandler {
        private String greeting = "unset";
        private Object count;

        @Override
        protected void initialize(Map<String, Object> args) {
            greeting = (String) args.get("greeting");
            count = args.get("count");
        }

        @Override
        protected void get() {
            write(greeting + " x" + count);
        }
    }

    public static final class PrepareFinishesHandler extends RequestHandler {
        @Override
        protected void prepare() {
            if (getArgument("stop", null) != null) {
                finish("stopped in prepare");
            }
        }

        @Override
        protected void get() {
            write("from get");
        }
    }

    public static final class OnFinishHandler extends RequestHandler {
        @Override
        protected void get() {
            write("finishing");
        }

        @Override
        protected void onFinish() {
            FINISHED.add(path() + " " + getStatus());
        }
    }

    public static final class FailingOnFinishHandler extends RequestHandler {
        @Override
        protected void get() {
            throw new HttpError(409, "conflict");
        }

        @Override
        protected void onFinish() {
            FINISHED.add(path() + " " + getStatus());
        }
    }

    public static final class FallbackHandler extends RequestHandler {
        @Override
        protected void get() {
            setStatus(404);
            write("custom fallback for " + path());
        }
    }

    @BeforeAll
    static void startServer() {
        server = TestServer.start(Application.builder()
                .route("/items/new", NewItemHandler.class)
                .route("/items/(.*)", ItemHandler.class)
                .route("/items/new", ShadowedHandler.class)
                .route("/a", TextHandler.class)
                .route("/pair/([^/]+)/([^/]+)", PairHandler.class)
                .route("/entry/(?<slug>[^/]+)", NamedHandler.class)
                .route("/optional(/x)?", OptionalGroupHandler.class)
                .route("/get-only", GetOnlyHandler.class)
                .route("/get-post", GetPostHandler.class)
                .route("/post-only", PostOnlyHandler.class)
                .route("/init", InitArgsHandler.class, Map.of("greeting", "hello", "count", 3))
                .route("/prepare", PrepareFinishesHandler.class)
                .route("/on-finish", OnFinishHandler.class)
                .route("/on-finish-error", FailingOnFinishHandler.class)
                .route("/colou?r", PatternHandler.class)
                .route("/one|/two", PatternHandler.class)
                .route("(?i)/caseless", PatternHandler.class)
                .route("/file\\.txt", PatternHandler.class)
                .route("/ha{2,3}", PatternHandler.class)
                .route("/literal", PatternHandler.class)
                .build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void routesAreTriedInOrder() {
        HttpResponse<String> fixed = server.get("/items/new");
        assertEquals(200, fixed.statusCode());
        assertEquals("new item form", fixed.body(), "the first of two matching routes serves the path");

        HttpResponse<String> item = server.get("/items/42");
        assertEquals(200, item.statusCode());
        assertEquals("item 42", item.body());
    }

    @Test
    void patternMustMatchTheWholePath() {
        assertEquals("exactly a", server.get("/a").body());
        assertEquals(404, server.get("/ab").statusCode(), "the pattern is anchored at the end");
        assertEquals(404, server.get("/x/a").statusCode(), "the pattern is anchored at the start");
        assertEquals(404, server.get("/a/").statusCode());
    }

    /** Routes are passed over by their literal start first; what a pattern matches must not change with that. */
    @Test
    void patternsMatchWhatTheirRegularExpressionMatches() {
        for (String path : new String[] {
            "/color", "/colour", "/one", "/two", "/CASELESS", "/caseless", "/file.txt", "/haa", "/haaa", "/literal"
        }) {
            HttpResponse<String> response = server.get(path);
            assertEquals(200, response.statusCode(), path);
            assertEquals("served by PatternHandler []", response.body(), path);
        }
        for (String path : new String[] {
            "/colouur", "/colr", "/onetwo", "/fileXtxt", "/ha", "/haaaa", "/literal/", "/litera", "/Literal"
        }) {
            assertEquals(404, server.get(path).statusCode(), path);
        }
    }

    @Test
    void numberedCaptureGroupsAreReadFromOne() {
        HttpResponse<String> response = server.get("/pair/left/right");
        assertEquals(200, response.statusCode());
        assertEquals("left|right|[left, right]", response.body());
    }

    @Test
    void namedCaptureGroupIsReadByName() {
        HttpResponse<String> response = server.get("/entry/hello-world");
        assertEquals(200, response.statusCode());
        assertEquals("slug=hello-world", response.body());
    }

    @Test
    void unmatchedOptionalGroupIsEmpty() {
        assertEquals("[]", server.get("/optional").body());
        assertEquals("[/x]", server.get("/optional/x").body());
    }

    @Test
    void pathArgumentsArePercentDecodedButPlusStaysPlus() {
        HttpResponse<String> response = server.get("/entry/a%20b+c%C3%A9");
        assertEquals(200, response.statusCode());
        assertEquals("slug=a b+cé", response.body());
    }

    /**
     * Jetty refuses a malformed escape in the path itself, whatever its URI compliance, so Gale's own check of path
     * arguments is behind it; what the user sees is still a 400, never a 500 or a match.
     */
    @Test
    void malformedPercentEncodingInPathIs400() {
        for (String target : new String[] {"/entry/bad%zzslug", "/entry/bad%4"}) {
            String response = server.rawGet(target);
            assertEquals(400, TestServer.rawStatus(response), () -> target + " answered " + response);
            assertFalse(response.contains("slug="), () -> target + " reached the handler: " + response);
        }
    }

    @Test
    void invalidUtf8InPathArgumentIs400() {
        try (TestServer lenient = lenientServer()) {
            String response = lenient.rawGet("/entry/caf%E9");
            assertEquals(400, TestServer.rawStatus(response), response);
            assertTrue(response.contains("400: Invalid UTF-8 in the path"), response);
        }
    }

    /** A server whose Jetty lets invalid UTF-8 in the path through to Gale instead of refusing it itself. */
    private static TestServer lenientServer() {
        return TestServer.builder()
                .application(Application.builder()
                        .route("/entry/(?<slug>[^/]+)", NamedHandler.class)
                        .build())
                .uriCompliance(UriCompliance.DEFAULT.with(
                        "gale-test",
                        UriCompliance.Violation.BAD_UTF8_ENCODING,
                        UriCompliance.Violation.TRUNCATED_UTF8_ENCODING))
                .startOrThrow();
    }

    @Test
    void unmatchedPathIs404WithTornadoStylePage() {
        HttpResponse<String> response = server.get("/no/such/page");
        assertEquals(404, response.statusCode());
        assertEquals(NOT_FOUND_PAGE, response.body());
        assertTrue(
                response.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .toLowerCase(Locale.ROOT)
                        .startsWith("text/html"),
                () -> "Content-Type: " + response.headers().firstValue("Content-Type"));
    }

    @Test
    void unmatchedPathIs404WhateverTheMethod() {
        HttpResponse<String> response = server.post("/no/such/page", "a=1");
        assertEquals(404, response.statusCode());
        assertEquals(NOT_FOUND_PAGE, response.body());
    }

    @Test
    void missingMethodIs405WithAllowHeader() {
        HttpResponse<String> response = server.post("/get-only", "a=1");
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(null));
        assertEquals(
                "<html><title>405: Method Not Allowed</title><body>405: Method Not Allowed</body></html>",
                response.body());
    }

    @Test
    void allowHeaderListsEveryOverriddenMethod() {
        HttpResponse<String> response =
                server.send(server.request("/get-post").DELETE().build());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD, POST", response.headers().firstValue("Allow").orElse(null));
        assertEquals("post", server.post("/get-post", "").body());
    }

    @Test
    void headRunsGetWithoutSendingTheBody() {
        HttpResponse<String> get = server.get("/get-only");
        HttpResponse<String> head = server.send(server.request("/get-only")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        String getLength = get.headers().firstValue("Content-Length").orElse(null);
        assertEquals("héllo from get".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "", getLength);
        assertEquals(
                getLength,
                head.headers().firstValue("Content-Length").orElse(null),
                "HEAD announces the length GET sends");
    }

    @Test
    void headOnHandlerWithoutGetIs405() {
        HttpResponse<String> response = server.send(server.request("/post-only")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void routeMistakesFailWhenTheApplicationIsBuilt() {
        assertBuildFails(AbstractHandler.class, "is abstract");
        assertBuildFails(InnerHandler.class, "must be a static nested class");
        assertBuildFails(ArgumentConstructorHandler.class, "needs a constructor without arguments");
        IllegalArgumentException badPattern = assertThrows(
                IllegalArgumentException.class, () -> Application.builder().route("/items/(", TextHandler.class));
        assertTrue(badPattern.getMessage().contains("/items/("), badPattern::getMessage);
    }

    private static void assertBuildFails(Class<? extends RequestHandler> handler, String expected) {
        Application.Builder builder = Application.builder().route("/x", handler);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build, handler::getName);
        assertTrue(e.getMessage().contains(handler.getName()) && e.getMessage().contains(expected), e::getMessage);
    }

    @Test
    void unknownMethodIs405() {
        HttpResponse<String> response = server.send(server.request("/get-only")
                .method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void initializeReceivesTheRouteInitArguments() {
        HttpResponse<String> response = server.get("/init");
        assertEquals(200, response.statusCode());
        assertEquals("hello x3", response.body());
    }

    @Test
    void prepareThatFinishesSkipsTheMethod() {
        HttpResponse<String> stopped = server.get("/prepare?stop=1");
        assertEquals(200, stopped.statusCode());
        assertEquals("stopped in prepare", stopped.body());

        assertEquals("from get", server.get("/prepare").body(), "prepare that does not finish runs the method");
    }

    @Test
    void onFinishRunsAfterTheResponse() throws InterruptedException {
        FINISHED.clear();
        assertEquals("finishing", server.get("/on-finish").body());
        assertEquals("/on-finish 200", FINISHED.poll(30, TimeUnit.SECONDS));
    }

    @Test
    void onFinishRunsAfterAnErrorPage() throws InterruptedException {
        FINISHED.clear();
        assertEquals(409, server.get("/on-finish-error").statusCode());
        assertEquals("/on-finish-error 409", FINISHED.poll(30, TimeUnit.SECONDS));
    }

    @Test
    void defaultHandlerReplacesThe404Handler() {
        Application app = Application.builder()
                .route("/known", TextHandler.class)
                .defaultHandler(FallbackHandler.class)
                .build();
        try (TestServer custom = TestServer.start(app)) {
            HttpResponse<String> response = custom.get("/unknown/path");
            assertEquals(404, response.statusCode());
            assertEquals("custom fallback for /unknown/path", response.body());
            assertEquals("exactly a", custom.get("/known").body());
        }
    }
}
