package dev.gale.internal.files;

import jakarta.servlet.ServletContext;
import java.util.Locale;
import java.util.Map;

/** Content types by file extension, and which of them are worth compressing. */
final class ContentTypes {
    private static final Map<String, String> FALLBACK = Map.ofEntries(
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"),
            Map.entry("mjs", "text/javascript"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain"),
            Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("webmanifest", "application/manifest+json"));

    private ContentTypes() {}

    /** The type of {@code name}: Gale's table first, so every container answers alike, then the container's. */
    static String of(String name, ServletContext context) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        String type = FALLBACK.get(extension);
        if (type == null) {
            type = context.getMimeType(name);
        }
        if (type == null) {
            return "application/octet-stream";
        }
        return type.startsWith("text/") && !type.contains("charset") ? type + "; charset=utf-8" : type;
    }
}
