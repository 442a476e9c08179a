package dev.gale.internal.files;

import jakarta.servlet.ServletContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a directory setting points, and which request paths may be served from it. The one rule for path safety:
 * every static response goes through {@link #safeRelative(String)}.
 */
public final class StaticPath {
    private StaticPath() {}

    /**
     * Resolves a directory setting: first as a directory of the web application ({@code static},
     * {@code /WEB-INF/templates}), then on disk (absolute, or relative to the working directory).
     *
     * @throws IllegalArgumentException naming the setting when it is neither
     */
    public static Path directory(String setting, String value, ServletContext context) {
        String inWebApp = value.startsWith("/") ? value : "/" + value;
        String real = context.getRealPath(inWebApp);
        if (real != null && Files.isDirectory(Path.of(real))) {
            return Path.of(real).toAbsolutePath().normalize();
        }
        try {
            Path onDisk = Path.of(value);
            if (Files.isDirectory(onDisk)) {
                return onDisk.toAbsolutePath().normalize();
            }
        } catch (InvalidPathException e) {
            // not a path on disk either
        }
        throw new IllegalArgumentException(
                setting + ": \"" + value + "\" is neither a directory of the web application nor a directory on disk");
    }

    /**
     * Decodes a percent-encoded relative path and checks it can only name a file under a root: no {@code .} or
     * {@code ..} segment, no empty segment, no hidden (dot) file or directory, no backslash, NUL or encoded slash,
     * no absolute path, no trailing slash.
     *
     * @return the decoded relative path, or empty when it must not be served
     */
    public static Optional<String> safeRelative(String raw) {
        if (raw.isEmpty() || raw.length() > 1024) {
            return Optional.empty();
        }
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.indexOf(';') >= 0) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (decoded.startsWith("/")
                || decoded.endsWith("/")
                || decoded.indexOf('\\') >= 0
                || decoded.indexOf('\0') >= 0
                || decoded.indexOf('\uFFFD') >= 0
                || decoded.indexOf(':') >= 0) {
            return Optional.empty();
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return Optional.empty();
            }
        }
        return Optional.of(decoded);
    }
}
