package dev.gale.web;

import dev.gale.internal.files.StaticFiles;
import java.util.Map;

/**
 * Serves one static file on a route of its own, named by the route's first capture group, with the same rules as
 * the static directory (versions, validators, ranges, compression, path safety):
 *
 * <pre>{@code
 * .route("/(apple-touch-icon\\.png)", StaticFileHandler.class)                       // from static_path
 * .route("/downloads/(.*)", StaticFileHandler.class, Map.of("path", "/srv/files"))    // from another directory
 * }</pre>
 */
public class StaticFileHandler extends RequestHandler {
    private StaticFiles files;

    @Override
    protected void initialize(Map<String, Object> args) {
        Object path = args.get("path");
        if (path != null) {
            files = application().services().staticFilesIn(path.toString());
        } else {
            files = application()
                    .services()
                    .staticFiles()
                    .orElseThrow(() -> new IllegalStateException(
                            "StaticFileHandler needs the static_path setting or a path init argument"));
        }
    }

    @Override
    protected void get() throws Exception {
        files.serve(cycle.pathArgs.raw(1), request(), response());
        cycle.sentDirectly();
    }
}
