package dev.gale.internal.files;

import dev.gale.internal.filters.ErrorPage;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static files under one directory: Tornado's {@code StaticFileHandler} seams (resolve, validate, version, url)
 * in one place, used by {@link StaticFileServlet}, by explicit static routes and by {@code static_url} in templates.
 *
 * <p>A file's hash is the SHA-256 of its content, so every process on every machine agrees on it. With the cache on,
 * hashes, metadata and the content of small files stay in memory, checked against each file's size and modification
 * time on every request for the file, so a replaced file is never served under its old hash; {@code static_url}
 * trusts a hash checked within the last second, so a page written meanwhile may link the old version, which then
 * gets no ten-year caching. With the cache off (debug mode) the
 * file is read and hashed on every use.
 */
public final class StaticFiles {
    private static final Logger LOG = LoggerFactory.getLogger("gale.general");
    private static final long KEEP_CONTENT_UP_TO = 256 * 1024;
    /** How long a cached file is trusted before its size and time are checked again. */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private static final long KEEP_CONTENT_IN_ALL = 64L * 1024 * 1024;

    private final ConfinedRoot confined;
    private final String urlPrefix;
    private final boolean cache;
    private final ServletContext context;
    private final ConcurrentMap<String, StaticFile> files = new ConcurrentHashMap<>();
    private final AtomicLong keptBytes = new AtomicLong();

    private StaticFiles(Path root, String urlPrefix, boolean cache, ServletContext context) throws IOException {
        this.confined = new ConfinedRoot(root);
        this.urlPrefix = urlPrefix;
        this.cache = cache;
        this.context = context;
    }

    /**
     * The files under {@code root}, served under {@code urlPrefix} of {@code context}.
     *
     * @param setting the setting that named {@code root}, for the message of a failure
     * @throws IllegalArgumentException naming the setting when the prefix is not {@code /.../} or the root unreadable
     */
    public static StaticFiles under(
            String setting, Path root, String urlPrefix, boolean cache, ServletContext context) {
        if (!urlPrefix.startsWith("/") || !urlPrefix.endsWith("/")) {
            throw new IllegalArgumentException("static_url_prefix: \"" + urlPrefix + "\" must start and end with /");
        }
        try {
            return new StaticFiles(root, urlPrefix, cache, context);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return confined.root();
    }

    public String urlPrefix() {
        return urlPrefix;
    }

    /**
     * {@code static_url}: {@code <context path><prefix><path>?v=<hash>}. A missing file gives the URL without a
     * version, and a warning in the log.
     */
    public String url(String path, boolean includeVersion) {
        String url = context.getContextPath() + urlPrefix + path;
        if (!includeVersion) {
            return url;
        }
        Optional<StaticFile> file = StaticPath.safeRelative(path).flatMap(relative -> find(relative, true));
        if (file.isEmpty()) {
            LOG.warn("static_url: no static file {} under {}", path, confined.root());
            return url;
        }
        return url + "?v=" + file.get().hash();
    }

    /** Serves the file at the percent-encoded relative path {@code raw}, or a 404. */
    public void serve(String raw, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<StaticFile> file = StaticPath.safeRelative(raw).flatMap(this::find);
        if (file.isEmpty()) {
            ErrorPage.send(request, response, 404, "Not Found");
            return;
        }
        new StaticResponse(file.get(), request, response).send();
    }

    /** The regular file at a safe relative path, checked on disk now. */
    Optional<StaticFile> find(String relative) {
        return find(relative, false);
    }

    /**
     * The regular file at a safe relative path, when the root's rule lets it be read (see {@link ConfinedRoot}), on
     * every call: a cached file while its path still leads to the very file checked, unchanged (one {@code lstat}),
     * else after the full check. With {@code trustRecent}, a cached file checked on disk within the last second is
     * taken as it is.
     */
    private Optional<StaticFile> find(String relative, boolean trustRecent) {
        StaticFile recent = cache && trustRecent ? files.get(relative) : null;
        if (recent != null && recent.checkedWithin(RECHECK_NANOS)) {
            return Optional.of(recent);
        }
        Optional<Path> resolved = confined.resolve(relative);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        Path path = resolved.get();
        try {
            StaticFile known = cache ? files.get(relative) : null;
            if (known != null && known.isUnchanged()) {
                known.checked();
                return Optional.of(known);
            }
            Optional<BasicFileAttributes> attributes = confined.regularFile(path);
            if (attributes.isEmpty()) {
                return Optional.empty();
            }
            StaticFile fresh = StaticFile.read(
                    confined,
                    path,
                    attributes.get(),
                    ContentTypes.of(relative, context),
                    keep(attributes.get().size()));
            if (cache) {
                StaticFile replaced = files.put(relative, fresh);
                if (replaced != null && replaced.content() != null) {
                    keptBytes.addAndGet(-replaced.size());
                }
            }
            return Optional.of(fresh);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read static file {}: {}", path, e.toString());
            return Optional.empty();
        }
    }

    /** Whether to keep a file of {@code size} bytes in memory, within the budget for all files. */
    private boolean keep(long size) {
        if (!cache || size > KEEP_CONTENT_UP_TO) {
            return false;
        }
        if (keptBytes.addAndGet(size) <= KEEP_CONTENT_IN_ALL) {
            return true;
        }
        keptBytes.addAndGet(-size);
        return false;
    }
}
