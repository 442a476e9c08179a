package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResponseTest {
    /** Released by the test once it has read what {@link FlushHandler} flushed. */
    static volatile CountDownLatch flushRelease = new CountDownLatch(0);

    /** What handlers caught, for the test to see. */
    static final BlockingQueue<String> CAUGHT = new LinkedBlockingQueue<>();

    private static TestServer server;
    private static TestServer appServer;

    public record Entry(String title, List<String> tags, int views) {}

    public static final class TextHandler extends RequestHandler {
        @Override
        protected void get() {
            write("héllo ");
            write("wörld".getBytes(StandardCharsets.UTF_8));
        }
    }

    public static final class MapHandler extends RequestHandler {
        @Override
        protected void get() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", "gale");
            json.put("count", 2);
            json.put("tags", List.of("a", "b"));
            json.put("nested", Map.of("ok", true));
            write(json);
        }
    }

    public static final class RecordHandler extends RequestHandler {
        @Override
        protected void get() {
            write(new Entry("Hi \"there\"", List.of("x"), 7));
        }
    }

    public static final class ReusedBytesHandler extends RequestHandler {
        @Override
        protected void get() {
            byte[] chunk = "abc".getBytes(StandardCharsets.US_ASCII);
            write(chunk);
            chunk[0] = 'X';
            write(chunk);
            chunk[0] = 'Y';
            write("-");
            write("text");
        }
    }

    public static final class StatusHandler extends RequestHandler {
        @Override
        protected void get() {
            setStatus(201);
            write("created");
        }
    }

    public static final class BadStatusHandler extends RequestHandler {
        @Override
        protected void get() {
            setStatus(99);
            write("never");
        }
    }

    public static final class HeadersHandler extends RequestHandler {
        @Override
        protected void get() {
            setHeader("X-One", "first");
            setHeader("X-One", "replaced");
            addHeader("X-Many", "a");
            addHeader("X-Many", "b");
            setHeader("X-Gone", "soon");
            clearHeader("X-Gone");
            write("headers");
        }
    }

    public static final class ContentTypeHandler extends RequestHandler {
        @Override
        protected void get() {
            setHeader("Content-Type", "text/plain; charset=UTF-8");
            write("plain");
        }
    }

    public static final class EmptyHandler extends RequestHandler {
        @Override
        protected void get() {
            // nothing written
        }
    }

    public static final class CookieHandler extends RequestHandler {
        @Override
        protected void get() {
            setCookie("flavour", "chocolate");
            setCookie("remember", "yes", Duration.ofHours(1));
            clearCookie("old");
            write("cookies");
        }
    }

    public static final class RedirectHandler extends RequestHandler {
        @Override
        protected void get() {
            redirect(getArgument("to"), Boolean.parseBoolean(getArgument("permanent", "false")));
        }
    }

    public static final class PlainRedirectHandler extends RequestHandler {
        @Override
        protected void get() {
            redirect("/x");
        }
    }

    public static final class FlushHandler extends RequestHandler {
        @Override
        protected void get() throws InterruptedException {
            write("first;");
            flush();
            if (!flushRelease.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never read the flushed part");
            }
            write("second;");
            finish("third");
        }
    }

    public static final class WriteAfterFinishHandler extends RequestHandler {
        @Override
        protected void get() {
            finish();
            write("late");
        }
    }

    public static final class CaughtWriteAfterFinishHandler extends RequestHandler {
        @Override
        protected void get() {
            finish("done");
            try {
                write("late");
                CAUGHT.add("nothing");
            } catch (IllegalStateException e) {
                CAUGHT.add("IllegalStateException: " + e.getMessage());
            }
        }
    }

    private static Application application() {
        return Application.builder()
                .route("/text", TextHandler.class)
                .route("/map", MapHandler.class)
                .route("/record", RecordHandler.class)
                .route("/reused-bytes", ReusedBytesHandler.class)
                .route("/status", StatusHandler.class)
                .route("/bad-status", BadStatusHandler.class)
                .route("/headers", HeadersHandler.class)
                .route("/content-type", ContentTypeHandler.class)
                .route("/empty", EmptyHandler.class)
                .route("/cookie", CookieHandler.class)
                .route("/redirect", RedirectHandler.class)
                .route("/plain-redirect", PlainRedirectHandler.class)
                .route("/flush", FlushHandler.class)
                .route("/write-after-finish", WriteAfterFinishHandler.class)
                .route("/caught-write-after-finish", CaughtWriteAfterFinishHandler.class)
                .build();
    }

    @BeforeAll
    static void startServers() {
        server = TestServer.start(application());
        appServer = TestServer.start(application(), "/app");
    }

    @AfterAll
    static void stopServers() {
        server.close();
        appServer.close();
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .replace(" ", "")
                .toLowerCase(Locale.ROOT);
    }

    private static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    private static String cookieNamed(HttpResponse<?> response, String name) {
        return setCookies(response).stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No Set-Cookie for " + name + " in " + setCookies(response)));
    }

    private static boolean hasAttribute(String setCookie, String attribute) {
        for (String part : setCookie.split(";")) {
            if (part.strip().equalsIgnoreCase(attribute)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void writtenTextIsHtmlInUtf8WithContentLength() {
        HttpResponse<String> response = server.get("/text");
        assertEquals(200, response.statusCode());
        assertEquals("héllo wörld", response.body());
        assertEquals(
                "text/html;charset=utf-8",
                contentType(response),
                () -> "Content-Type: " + response.headers().firstValue("Content-Type"));
        assertEquals(
                Optional.of(String.valueOf("héllo wörld".getBytes(StandardCharsets.UTF_8).length)),
                response.headers().firstValue("Content-Length"));
    }

    @Test
    void writtenBytesAreCopiedWhenWritten() {
        HttpResponse<String> response = server.get("/reused-bytes");
        assertEquals(200, response.statusCode());
        assertEquals("abcXbc-text", response.body(), "changing an array after writing it does not change the body");
    }

    @Test
    void writtenMapIsJson() {
        HttpResponse<String> response = server.get("/map");
        assertEquals(200, response.statusCode());
        assertEquals("application/json;charset=utf-8", contentType(response));
        assertEquals(
                "{\"name\":\"gale\",\"count\":2,\"tags\":[\"a\",\"b\"],\"nested\":{\"ok\":true}}", response.body());
    }

    @Test
    void writtenRecordIsJsonObject() {
        HttpResponse<String> response = server.get("/record");
        assertEquals(200, response.statusCode());
        assertEquals("application/json;charset=utf-8", contentType(response));
        assertEquals("{\"title\":\"Hi \\\"there\\\"\",\"tags\":[\"x\"],\"views\":7}", response.body());
    }

    @Test
    void setStatusIsSent() {
        HttpResponse<String> response = server.get("/status");
        assertEquals(201, response.statusCode());
        assertEquals("created", response.body());
    }

    @Test
    void invalidStatusIs500() {
        HttpResponse<String> response = server.get("/bad-status");
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("never"), response::body);
    }

    @Test
    void setHeaderReplacesAddHeaderAppendsClearHeaderRemoves() {
        HttpResponse<String> response = server.get("/headers");
        HttpHeaders headers = response.headers();
        assertEquals(List.of("replaced"), headers.allValues("X-One"));
        assertEquals(List.of("a", "b"), headers.allValues("X-Many"));
        assertEquals(Optional.empty(), headers.firstValue("X-Gone"), () -> "X-Gone: " + headers.allValues("X-Gone"));
    }

    @Test
    void explicitContentTypeIsKept() {
        HttpResponse<String> response = server.get("/content-type");
        assertEquals("text/plain;charset=utf-8", contentType(response));
        assertEquals("plain", response.body());
    }

    @Test
    void emptyResponseHasZeroContentLength() {
        HttpResponse<String> response = server.get("/empty");
        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
        assertEquals(Optional.of("0"), response.headers().firstValue("Content-Length"));
    }

    @Test
    void setCookieIsHttpOnlyLaxAndScopedToTheRootContext() {
        HttpResponse<String> response = server.get("/cookie");
        String cookie = cookieNamed(response, "flavour");
        assertTrue(cookie.startsWith("flavour=chocolate;"), cookie);
        assertTrue(hasAttribute(cookie, "Path=/"), cookie);
        assertTrue(hasAttribute(cookie, "HttpOnly"), cookie);
        assertTrue(hasAttribute(cookie, "SameSite=Lax"), cookie);
        assertFalse(cookie.toLowerCase(Locale.ROOT).contains("max-age"), () -> "a session cookie: " + cookie);
    }

    @Test
    void setCookieIsScopedToTheContextPath() {
        HttpResponse<String> response = appServer.get("/cookie");
        String cookie = cookieNamed(response, "flavour");
        assertTrue(hasAttribute(cookie, "Path=/app"), cookie);
        assertTrue(hasAttribute(cookie, "HttpOnly"), cookie);
        assertTrue(hasAttribute(cookie, "SameSite=Lax"), cookie);
        assertTrue(hasAttribute(cookieNamed(response, "old"), "Path=/app"), () -> cookieNamed(response, "old"));
    }

    @Test
    void setCookieWithMaxAgeKeepsItThatLong() {
        String cookie = cookieNamed(server.get("/cookie"), "remember");
        assertTrue(cookie.startsWith("remember=yes;"), cookie);
        assertTrue(hasAttribute(cookie, "Max-Age=3600"), cookie);
    }

    /**
     * The handler sets Max-Age 0; Jetty writes that as {@code Max-Age=0} or as an {@code Expires} date in the past,
     * either of which makes the browser delete the cookie.
     */
    @Test
    void clearCookieExpiresIt() {
        String cookie = cookieNamed(server.get("/cookie"), "old");
        assertTrue(cookie.startsWith("old=;"), cookie);
        assertTrue(hasAttribute(cookie, "Max-Age=0") || expiresInThePast(cookie), cookie);
        assertTrue(hasAttribute(cookie, "Path=/"), cookie);
    }

    private static boolean expiresInThePast(String setCookie) {
        for (String part : setCookie.split(";")) {
            String attribute = part.strip();
            if (attribute.regionMatches(true, 0, "Expires=", 0, 8)) {
                ZonedDateTime expires =
                        ZonedDateTime.parse(attribute.substring(8), DateTimeFormatter.RFC_1123_DATE_TIME);
                return expires.isBefore(ZonedDateTime.now(ZoneId.systemDefault()));
            }
        }
        return false;
    }

    @Test
    void redirectIs302ToTheLocalPath() {
        HttpResponse<String> response = server.get("/plain-redirect");
        assertEquals(302, response.statusCode());
        assertEquals(Optional.of("/x"), response.headers().firstValue("Location"));
    }

    @Test
    void redirectToLocalPathAddsTheContextPath() {
        HttpResponse<String> response = appServer.get("/plain-redirect");
        assertEquals(302, response.statusCode());
        assertEquals(Optional.of("/app/x"), response.headers().firstValue("Location"));
    }

    @Test
    void permanentRedirectIs301() {
        HttpResponse<String> response = appServer.get("/redirect?to=/moved&permanent=true");
        assertEquals(301, response.statusCode());
        assertEquals(Optional.of("/app/moved"), response.headers().firstValue("Location"));
    }

    @Test
    void absoluteRedirectUrlsArePassedThrough() {
        HttpResponse<String> absolute = appServer.get("/redirect?to=https%3A%2F%2Fexample.com%2Fy%3Fz%3D1");
        assertEquals(302, absolute.statusCode());
        assertEquals(
                Optional.of("https://example.com/y?z=1"), absolute.headers().firstValue("Location"));

        HttpResponse<String> schemeRelative = appServer.get("/redirect?to=%2F%2Fexample.com%2Fy");
        assertEquals(302, schemeRelative.statusCode());
        assertEquals(
                Optional.of("//example.com/y"),
                schemeRelative.headers().firstValue("Location"),
                "a scheme-relative URL is another host, not a path under the context");
    }

    @Test
    void flushSendsTheBodySoFarBeforeTheHandlerFinishes() throws IOException, InterruptedException {
        flushRelease = new CountDownLatch(1);
        try {
            HttpResponse<InputStream> response =
                    server.client().send(server.request("/flush").build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            assertEquals(
                    Optional.empty(),
                    response.headers().firstValue("Content-Length"),
                    "a flushed response cannot know its length");
            assertTrue(
                    response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                    () -> "Content-Type: " + response.headers().firstValue("Content-Type"));
            try (InputStream body = response.body()) {
                assertEquals(
                        "first;",
                        new String(body.readNBytes(6), StandardCharsets.UTF_8),
                        "the flushed part arrives while the handler still waits");
                flushRelease.countDown();
                assertEquals("second;third", new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            flushRelease.countDown();
        }
    }

    @Test
    void writeAfterFinishIs500() {
        HttpResponse<String> response = server.get("/write-after-finish");
        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("late"), response::body);
    }

    @Test
    void writeAfterFinishThrowsIllegalStateInTheHandler() throws InterruptedException {
        CAUGHT.clear();
        HttpResponse<String> response = server.get("/caught-write-after-finish");
        assertEquals(200, response.statusCode());
        assertEquals("done", response.body(), "what finish() sent stays as it was");
        assertEquals("IllegalStateException: Cannot write after finish()", CAUGHT.poll(30, TimeUnit.SECONDS));
    }
}
