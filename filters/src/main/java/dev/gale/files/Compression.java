package dev.gale.files;

import java.util.Locale;

/** Which responses are worth compressing, and whether a client accepts a content coding. */
public final class Compression {
    private Compression() {}

    /** Text, JSON, JavaScript, XML, SVG, web manifests and WebAssembly. */
    public static boolean compressible(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.startsWith("application/json")
                || type.startsWith("application/javascript")
                || type.startsWith("application/xml")
                || type.startsWith("application/xhtml+xml")
                || type.startsWith("application/atom+xml")
                || type.startsWith("application/manifest+json")
                || type.startsWith("image/svg+xml")
                || type.startsWith("application/wasm");
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
