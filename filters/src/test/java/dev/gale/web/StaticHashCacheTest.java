package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code static_hash_cache}: off, every request hashes the file again; on, a file whose size or modification time
 * changed is hashed again. Either way {@code static_url} and the file's ETag agree on the new content.
 */
class StaticHashCacheTest {
    @TempDir
    static Path uncachedRoot;

    @TempDir
    static Path cachedRoot;

    private static TestServer uncached;
    private static TestServer cached;

    /** Writes {@code static_url(?p=)}. */
    public static final class UrlHandler extends RequestHandler {
        @Override
        protected void get() {
            write(staticUrl(getArgument("p")));
        }
    }

    @BeforeAll
    static void start() {
        uncached = TestServer.start(application(uncachedRoot, false));
        cached = TestServer.start(application(cachedRoot, true));
    }

    private static Application application(Path root, boolean cache) {
        return Application.builder()
                .setting(Settings.STATIC_PATH, root.toString())
                .setting(Settings.STATIC_HASH_CACHE, cache)
                .route("/url", UrlHandler.class)
                .build();
    }

    @AfterAll
    static void stop() {
        uncached.close();
        cached.close();
    }

    private static String hash(String content) throws NoSuchAlgorithmException {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
    }

    /** The ETag of {@code /static/NAME}, after checking the body is {@code expected}. */
    private static String etag(TestServer server, String name, String expected) {
        HttpResponse<String> response = server.get("/static/" + name);
        assertEquals(200, response.statusCode());
        assertEquals(expected, response.body());
        return response.headers().firstValue("ETag").orElseThrow();
    }

    private static String staticUrl(TestServer server, String name) {
        return server.get("/url?p=" + name).body();
    }

    @Test
    void withoutTheCacheAnEditIsSeenEvenWithTheSameSizeAndTime() throws Exception {
        Path file = Files.writeString(uncachedRoot.resolve("app.css"), "body{color:red}");
        FileTime time = Files.getLastModifiedTime(file);
        assertEquals("\"" + hash("body{color:red}") + "\"", etag(uncached, "app.css", "body{color:red}"));
        assertEquals("/static/app.css?v=" + hash("body{color:red}"), staticUrl(uncached, "app.css"));

        Files.writeString(file, "body{color:tan}");
        Files.setLastModifiedTime(file, time);
        assertEquals("\"" + hash("body{color:tan}") + "\"", etag(uncached, "app.css", "body{color:tan}"));
        assertEquals("/static/app.css?v=" + hash("body{color:tan}"), staticUrl(uncached, "app.css"));
    }

    @Test
    void withTheCacheAFileOfANewSizeIsHashedAgain() throws Exception {
        Path file = Files.writeString(cachedRoot.resolve("size.js"), "let a = 1;");
        FileTime time = Files.getLastModifiedTime(file);
        String before = etag(cached, "size.js", "let a = 1;");
        assertEquals("\"" + hash("let a = 1;") + "\"", before);
        assertEquals(before, etag(cached, "size.js", "let a = 1;"));

        Files.writeString(file, "let a = 12;");
        Files.setLastModifiedTime(file, time);
        assertEquals("\"" + hash("let a = 12;") + "\"", etag(cached, "size.js", "let a = 12;"));
        // static_url sees the new hash as soon as a request for the file found it changed
        assertEquals("/static/size.js?v=" + hash("let a = 12;"), staticUrl(cached, "size.js"));
    }

    @Test
    void withTheCacheAFileWithANewModificationTimeIsHashedAgain() throws Exception {
        Path file = Files.writeString(cachedRoot.resolve("time.txt"), "version A");
        FileTime time = Files.getLastModifiedTime(file);
        assertEquals("/static/time.txt?v=" + hash("version A"), staticUrl(cached, "time.txt"));
        assertEquals("\"" + hash("version A") + "\"", etag(cached, "time.txt", "version A"));

        Files.writeString(file, "version B");
        Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 2000));
        assertEquals("\"" + hash("version B") + "\"", etag(cached, "time.txt", "version B"));
        assertEquals("/static/time.txt?v=" + hash("version B"), staticUrl(cached, "time.txt"));
    }

    @Test
    void aStaleVersionIsNotCachedForTenYears() throws Exception {
        Path file = Files.writeString(uncachedRoot.resolve("stale.txt"), "old");
        String oldUrl = staticUrl(uncached, "stale.txt");
        assertEquals(
                "max-age=315360000, public, immutable",
                uncached.get(oldUrl).headers().firstValue("Cache-Control").orElse(""));
        Files.writeString(file, "new!");
        HttpResponse<String> stale = uncached.get(oldUrl);
        assertEquals("new!", stale.body());
        assertEquals("no-cache", stale.headers().firstValue("Cache-Control").orElse(""));
        assertFalse(stale.headers().firstValue("Expires").isPresent());
        String newUrl = staticUrl(uncached, "stale.txt");
        assertNotEquals(oldUrl, newUrl);
        assertEquals(
                "max-age=315360000, public, immutable",
                uncached.get(newUrl).headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void aMissingFileGetsAnUnversionedUrlAndA404() {
        assertEquals("/static/nothing-here.css", staticUrl(cached, "nothing-here.css"));
        assertEquals(404, cached.get("/static/nothing-here.css").statusCode());
    }
}
