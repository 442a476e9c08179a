package dev.gale.internal.files;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the static directory: {@code <static_url_prefix>*}, {@code /robots.txt} and {@code /favicon.ico}. Plain
 * Servlet API, so it runs in every container; {@code GaleInitializer} maps it when {@code static_path} is set.
 *
 * <dl>
 *   <dt>{@code static_path}</dt><dd>The directory served; in the web application or on disk.</dd>
 *   <dt>{@code static_url_prefix}</dt><dd>The URL prefix; default {@code /static/}.</dd>
 *   <dt>{@code static_hash_cache}</dt><dd>Keep hashes and small files in memory; default the opposite of
 *   {@code debug}.</dd>
 * </dl>
 *
 * A {@code ?v=} equal to the file's content hash (what {@code static_url} writes) gets
 * {@code Cache-Control: max-age=315360000, public, immutable} and an {@code Expires} ten years ahead; any other
 * request gets {@code Cache-Control: no-cache}, so a stale version is never cached for long. Every response carries
 * {@code ETag} and {@code Last-Modified}, honours {@code If-None-Match}, {@code If-Modified-Since}, {@code Range}
 * and {@code If-Range}, and compressible types are served gzipped (or from {@code .br}/{@code .gz} files beside the
 * original) to clients that accept it.
 */
public final class StaticFileServlet extends HttpServlet {
    private final transient StaticFiles files;

    public StaticFileServlet(StaticFiles files) {
        this.files = files;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String relative = path.startsWith(files.urlPrefix())
                ? path.substring(files.urlPrefix().length())
                : path.substring(1);
        files.serve(relative, request, response);
    }
}
