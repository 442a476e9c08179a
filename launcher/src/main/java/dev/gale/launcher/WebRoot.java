package dev.gale.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The web application's root directory (static files, {@code WEB-INF/templates}, {@code WEB-INF/locale}): the one
 * packed under {@code webroot/} in the launcher's own jar, unpacked to a temporary directory so that files are
 * served straight from disk, and removed when the launcher exits.
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
            Path target = Files.createTempDirectory("gale-webroot-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(target), "gale-webroot-cleanup"));
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

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory; the system cleans it up eventually
        }
    }
}
