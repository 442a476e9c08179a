package dev.gale.internal.files;

import java.util.List;
import java.util.Locale;

/** Which responses are worth compressing, and whether a client accepts a content coding. */
public final class Compression {
    private static final List<String> COMPRESSIBLE_PREFIXES = List.of(
            "text/",
            "application/json",
            "application/javascript",
            "application/xml",
            "application/xhtml+xml",
            "application/atom+xml",
            "application/manifest+json",
            "image/svg+xml",
            "application/wasm");

    private Compression() {}

    /** Text, JSON, JavaScript, XML, SVG, web manifests and WebAssembly. */
    public static boolean compressible(String contentType) {
        for (String prefix : COMPRESSIBLE_PREFIXES) {
            if (contentType.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code Accept-Encoding: header} accepts {@code coding} (by name or {@code *}, with q above 0). */
    public static boolean accepts(String header, String coding) {
        if (header == null) {
            return false;
        }
        boolean wildcard = false;
        for (String item : header.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = item.split(";");
            String name = parts[0].strip();
            boolean refused = parts.length > 1 && parts[1].strip().matches("q\\s*=\\s*0(\\.0*)?");
            if (name.equals(coding)) {
                return !refused;
            }
            if (name.equals("*")) {
                wildcard = !refused;
            }
        }
        return wildcard;
    }
}
