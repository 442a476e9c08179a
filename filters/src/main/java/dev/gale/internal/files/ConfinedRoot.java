package dev.gale.internal.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The one rule for which files Gale reads from a directory it serves: a regular file whose real location, every
 * symbolic link followed, is under the directory's real location. It is checked on every read, cached file or not.
 *
 * <p>The full check costs one {@code lstat} per path segment under the root, with no link followed: a path none of
 * whose segments is a link is under the root by construction, and only a path through a link pays for resolving
 * the whole path. A file found so can be checked again with one {@code lstat} by {@link #unchanged(Path, Object)}:
 * while its path leads, through no link of its own, to the same file (device and inode), it is the file checked.
 */
final class ConfinedRoot {
    private final Path root;
    private final Path realRoot;

    ConfinedRoot(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** The absolute path of {@code relative} (a safe relative path) under the root, or empty when it leaves it. */
    Optional<Path> resolve(String relative) {
        Path path = root.resolve(relative).normalize();
        return path.startsWith(root) && !path.equals(root) ? Optional.of(path) : Optional.empty();
    }

    /**
     * The attributes (links followed) of the regular file at {@code path}, a path under the root, when the rule
     * lets it be read; empty when it is missing, not a regular file, or really somewhere else.
     */
    Optional<BasicFileAttributes> regularFile(Path path) throws IOException {
        if (!path.startsWith(root) || path.equals(root)) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes = null;
            boolean throughLink = false;
            Path segment = root;
            for (Path name : root.relativize(path)) {
                segment = segment.resolve(name);
                attributes = Files.readAttributes(segment, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.isSymbolicLink()) {
                    throughLink = true;
                    break;
                }
                if (!segment.equals(path) && !attributes.isDirectory()) {
                    return Optional.empty();
                }
            }
            if (throughLink) {
                if (!path.toRealPath().startsWith(realRoot)) {
                    return Optional.empty();
                }
                attributes = Files.readAttributes(path, BasicFileAttributes.class);
            }
            return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
    }

    /**
     * The attributes of the file at {@code path} when it is still the regular file whose {@code fileKey} (device and
     * inode) {@link #regularFile(Path)} found there, and not a symbolic link; else empty, and the full check decides.
     */
    static Optional<BasicFileAttributes> unchanged(Path path, Object fileKey) throws IOException {
        if (fileKey == null) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && fileKey.equals(attributes.fileKey())
                    ? Optional.of(attributes)
                    : Optional.empty();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
    }
}
