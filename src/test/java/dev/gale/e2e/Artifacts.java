package dev.gale.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The built files under test, as a user runs them, the sources they are built from, and the containers they run in. */
final class Artifacts {
    private Artifacts() {}

    static Path launcherJar() {
        return existing("gale.launcherJar", "launcher/target/launcher.jar");
    }

    static Path webappWar() {
        return existing("gale.webappWar", "webapp/target/webapp.war");
    }

    /** The demo as the launcher's APP argument: {@code java -jar launcher.jar webapp.war}. */
    static String demo() {
        return webappWar().toString();
    }

    /** The demo's compiled classes and service entry, as the webapp module builds them. */
    static Path webappClasses() {
        return existingDirectory("gale.webappClasses", "webapp/target/classes");
    }

    /** The demo's Java sources, {@code dev/gale/demo/*.java} under this directory. */
    static Path demoSources() {
        return existingDirectory("gale.demoSources", "webapp/src/main/java");
    }

    /** The unpacked Tomcat distribution (CATALINA_HOME), left untouched by the tests. */
    static Path tomcatHome() {
        return existingDirectory("gale.tomcatHome");
    }

    /** The unpacked jetty-home distribution, left untouched by the tests. */
    static Path jettyHome() {
        return existingDirectory("gale.jettyHome");
    }

    /** Where each container run gets a directory of its own, kept after the run for its logs. */
    static Path runDirectory() {
        return Path.of(System.getProperty("gale.runDirectory", "target/container-runs"))
                .toAbsolutePath()
                .normalize();
    }

    /** The demo's static files in the source tree, which a proxy in front of the launcher serves itself. */
    static Path staticDir() {
        Path path = Path.of(System.getProperty("gale.staticDir", "../../webapp/src/main/webapp/static"))
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path + " is not the demo's static directory");
        }
        return path;
    }

    /** The demo's web root as written: {@code static/} and {@code WEB-INF/locale}. */
    static Path webappSource() {
        return existingDirectory("gale.webappSource", "webapp/src/main/webapp");
    }

    /** The demo's templates, which the builds put in {@code WEB-INF/templates}. */
    static Path templates() {
        return existingDirectory("gale.templates", "templates");
    }

    /**
     * A copy of the demo as an exploded web application in {@code target}, laid out as its WAR is: the web
     * application's files, the templates in {@code WEB-INF/templates} and the classes in {@code WEB-INF/classes}.
     */
    static Path copyDemoWebRoot(Path target) throws IOException {
        copyTree(webappSource(), target);
        copyTree(templates(), target.resolve("WEB-INF/templates"));
        copyTree(webappClasses(), target.resolve("WEB-INF/classes"));
        return target;
    }

    /** Copies the tree {@code from} to {@code to}, which may exist; returns {@code to}. */
    static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path copy = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static Path existing(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, "../../" + fallback))
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: build it first with mvn package");
        }
        return path;
    }

    private static Path existingDirectory(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isDirectory(Path.of(value))) {
            throw new IllegalStateException(property + " (" + value + ") is not a directory: run the tests with mvn "
                    + "verify, which unpacks the containers at pre-integration-test");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static Path existingDirectory(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, "../../" + fallback))
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path + " is missing: run the tests from the source tree");
        }
        return path;
    }
}
