package dev.gale.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The {@code Main-Class} of an executable Gale WAR: puts the launcher's jars, nested under {@code META-INF/gale/lib/},
 * on a class loader of their own and runs the launcher with the WAR as the application. The jars are extracted once,
 * to a cache directory named by their content, and reused by every later start.
 */
public final class GaleBoot {
    private static final String LIB = "META-INF/gale/lib/";

    private GaleBoot() {}

    public static void main(String[] args) throws Exception {
        Path war = Path.of(GaleBoot.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Path> jars = extract(war);
        List<URL> urls = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
            classPath.add(jar.toString());
        }
        System.setProperty("gale.launcher.war", war.toString());
        System.setProperty("gale.launcher.class.path", String.join(java.io.File.pathSeparator, classPath));
        // unnamed, so stack traces read as they do under java -jar launcher.jar
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass("dev.gale.launcher.Main")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The nested jars, extracted to the cache unless an earlier start did. */
    private static List<Path> extract(Path war) throws IOException {
        try (JarFile jar = new JarFile(war.toFile())) {
            List<JarEntry> entries = jar.stream()
                    .filter(e -> e.getName().startsWith(LIB) && e.getName().endsWith(".jar"))
                    .sorted(Comparator.comparing(JarEntry::getName))
                    .toList();
            if (entries.isEmpty()) {
                throw new IllegalStateException(war + " carries no launcher under " + LIB
                        + "; build it with the gale-maven-plugin's repackage goal");
            }
            Path cache = cacheRoot().resolve("launcher-" + digest(entries));
            if (!Files.isDirectory(cache)) {
                Path fresh;
                try {
                    Files.createDirectories(cache.getParent());
                    fresh = Files.createTempDirectory(cache.getParent(), ".extracting-");
                } catch (IOException e) {
                    // no writable cache (a service user without a home): a copy for this run only
                    cache = Files.createTempDirectory("gale-launcher-");
                    Path temporary = cache;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(temporary)));
                    fresh = cache;
                }
                for (JarEntry entry : entries) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, fresh.resolve(entry.getName().substring(LIB.length())));
                    }
                }
                if (fresh.equals(cache)) {
                    return jarsIn(cache, entries);
                }
                try {
                    Files.move(fresh, cache, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException
                        | AtomicMoveNotSupportedException
                        | java.nio.file.DirectoryNotEmptyException e) {
                    // another start extracted the same jars first
                    deleteTree(fresh);
                }
            }
            return jarsIn(cache, entries);
        }
    }

    private static List<Path> jarsIn(Path directory, List<JarEntry> entries) {
        List<Path> jars = new ArrayList<>();
        for (JarEntry entry : entries) {
            jars.add(directory.resolve(entry.getName().substring(LIB.length())));
        }
        return jars;
    }

    private static void deleteQuietly(Path directory) {
        try {
            deleteTree(directory);
        } catch (IOException e) {
            // a temporary directory; the system cleans it up eventually
        }
    }

    /** The user's cache directory, {@code $XDG_CACHE_HOME/gale} or {@code ~/.cache/gale}. */
    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("gale");
    }

    /** A name that changes with any nested jar: their names, sizes and checksums. */
    private static String digest(List<JarEntry> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (JarEntry entry : entries) {
                sha.update((entry.getName() + ' ' + entry.getSize() + ' ' + entry.getCrc() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
