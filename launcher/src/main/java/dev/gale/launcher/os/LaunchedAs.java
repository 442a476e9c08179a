package dev.gale.launcher.os;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * How this launcher was started: {@code java -jar launcher.jar}, or an executable WAR ({@code java -jar notes.war})
 * whose boot class put the launcher's jars on a class loader of their own and said so in system properties. Usage
 * text, generated commands and the children of a supervisor follow it.
 */
public final class LaunchedAs {
    /** Set by an executable WAR's boot class: the WAR itself, which is also the application. */
    public static final String WAR_PROPERTY = "gale.launcher.war";
    /** Set by an executable WAR's boot class: the launcher's jars, as a class path. */
    public static final String CLASS_PATH_PROPERTY = "gale.launcher.class.path";

    private LaunchedAs() {}

    /** The WAR that was run with {@code java -jar}, when it was one. */
    public static Optional<Path> executableWar() {
        return Optional.ofNullable(System.getProperty(WAR_PROPERTY)).map(Path::of);
    }

    /** The class path that holds the launcher, for the JVMs it starts. */
    public static String classPath() {
        return System.getProperty(CLASS_PATH_PROPERTY, System.getProperty("java.class.path"));
    }

    /** The jar or WAR a user ran, as an absolute path, or empty when the launcher runs from a class path. */
    public static Optional<Path> jar() {
        Optional<Path> war = executableWar();
        if (war.isPresent()) {
            return war.map(Path::toAbsolutePath);
        }
        String classPath = System.getProperty("java.class.path", "");
        return classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                ? Optional.of(Path.of(classPath).toAbsolutePath())
                : Optional.empty();
    }

    /** The name to show in usage text: {@code notes.war}, {@code launcher.jar}. */
    public static String jarName() {
        return jar().map(path -> path.getFileName().toString()).orElse("launcher.jar");
    }

    /** Gale's version, as the build wrote it. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = LaunchedAs.class.getResourceAsStream("/dev/gale/launcher/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // the version stays unknown
        }
        return properties.getProperty("version", "unknown");
    }
}
