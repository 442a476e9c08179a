package dev.gale.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The built files under test, as a user runs them, and the containers they run in; their paths come from the build. */
final class Artifacts {
    private Artifacts() {}

    static Path launcherJar() {
        return existing("gale.launcherJar", "launcher/target/launcher.jar");
    }

    static Path webappWar() {
        return existing("gale.webappWar", "webapp/target/webapp.war");
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
        return Path.of(System.getProperty("gale.runDirectory", "target/container-runs")).toAbsolutePath().normalize();
    }

    /** The demo's static files in the source tree, which a proxy in front of the launcher serves itself. */
    static Path staticDir() {
        Path path = Path.of(System.getProperty("gale.staticDir", "../../webapp/src/main/webapp/static"))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path + " is not the demo's static directory");
        }
        return path;
    }

    private static Path existing(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, "../../" + fallback)).toAbsolutePath().normalize();
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
}
