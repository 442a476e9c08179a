package dev.gale.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The built files under test, as a user runs them; their paths come from the build. */
final class Artifacts {
    private Artifacts() {}

    static Path launcherJar() {
        return existing("gale.launcherJar", "launcher/target/launcher.jar");
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
}
