package dev.gale.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The web application's root directory (static files, {@code WEB-INF/templates}, {@code WEB-INF/locale}): the one
 * packed under {@code webroot/} in the launcher's own jar, unpacked to a temporary directory so that files are
 * served straight from disk, and removed when the launcher exits (or, after {@code kill -9}, when the next one starts).
 */
final class WebRoot {
    private static final String PREFIX = "webroot/";

    private WebRoot() {}

    /** The packed web root, unpacked; empty when the launcher carries none. */
    static Optional<Path> unpack() throws IOException {
        Path source;
        try {
            source = Path.of(WebRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
        if (Files.isDirectory(source)) {
            Path inClasses = source.resolve(PREFIX);
            return Files.isDirectory(inClasses) ? Optional.of(inClasses) : Optional.empty();
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            if (jar.getEntry(PREFIX) == null) {
                return Optional.empty();
            }
            Path target = OwnedTemporaryDirectory.create("gale-webroot-");
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(PREFIX) || entry.isDirectory()) {
                    continue;
                }
                Path file = target.resolve(entry.getName().substring(PREFIX.length())).normalize();
                if (!file.startsWith(target)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                Files.setLastModifiedTime(file, entry.getLastModifiedTime());
            }
            return Optional.of(target);
        }
    }
}
