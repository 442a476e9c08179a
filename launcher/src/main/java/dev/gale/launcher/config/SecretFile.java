package dev.gale.launcher.config;

import dev.gale.internal.security.SecretPolicy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The file of {@code --secret_file}: one {@code COOKIE_SECRET=...} line, which is both a systemd
 * {@code EnvironmentFile=} and a launcher {@code --config} file, so the secret stays out of the config that names it.
 */
final class SecretFile {
    private SecretFile() {}

    /**
     * Writes {@code secret}, or a random one, into {@code file} when it is missing, readable by its owner only.
     *
     * @return the line to tell the user: what was written, or that an existing file can be read by others
     * @throws IllegalArgumentException naming the option, when the file cannot be written
     */
    static Optional<String> ensure(Path file, Optional<String> secret) {
        if (Files.exists(file)) {
            if (secret.isPresent()) {
                throw new IllegalArgumentException("cookie_secret: " + file
                        + " exists already; leave --cookie_secret out to use its secret, or remove the file");
            }
            return readableByOthers(file)
                    ? Optional.of("warning: " + file + " can be read by every user; chmod o-r it")
                    : Optional.empty();
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "COOKIE_SECRET=" + secret.orElseGet(SecretPolicy::generate) + "\n");
        } catch (FileAlreadyExistsException e) {
            return ensure(file, secret);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("secret_file: cannot write " + file + ": " + e.getMessage(), e);
        }
        return Optional.of("wrote " + (secret.isPresent() ? "the" : "a new") + " cookie secret to " + file
                + " (mode 0600): copy this same file to every host");
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
