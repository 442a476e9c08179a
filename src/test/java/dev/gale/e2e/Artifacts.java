package dev.gale.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The built files under test, as a user runs them; their paths come from the build. */
final class Artifacts {
    private Artifacts() {}

    static Path launcherJar() {
        return existing("gale.launcherJar", "launcher/target/launcher.jar");
    }

    private static Path existing(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, "../../" + fallback)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: build it first with mvn package");
        }
        return path;
    }
}
