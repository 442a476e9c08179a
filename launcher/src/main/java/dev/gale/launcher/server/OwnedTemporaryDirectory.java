package dev.gale.launcher.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory in the temporary directory that this process owns for its life: removed when the JVM exits, and, when
 * it cannot be (after {@code kill -9}), by the next launcher that makes one. Ownership is a lock the process holds on
 * a file beside the directory ({@code NAME.lock}); the system drops it when the process ends, however it ends, so a
 * lock that can be taken marks a directory nobody uses, whatever became of the owner's pid.
 */
final class OwnedTemporaryDirectory {
    private static final String LOCK_SUFFIX = ".lock";
    /** The channels holding the locks; a channel no longer referenced would be closed, dropping its lock. */
    private static final List<FileChannel> HELD = new ArrayList<>();

    private OwnedTemporaryDirectory() {}

    /** Removes the directories named {@code prefix...} whose owner is gone, then makes one for this process. */
    static synchronized Path create(String prefix) throws IOException {
        Path parent = Path.of(System.getProperty("java.io.tmpdir"));
        removeAbandoned(parent, prefix);
        while (true) {
            Path lockFile = Files.createTempFile(parent, prefix, LOCK_SUFFIX);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            channel.lock();
            if (!Files.exists(lockFile)) {
                // another launcher removed it as abandoned between its creation and the lock; take another name
                channel.close();
                continue;
            }
            HELD.add(channel);
            String name = lockFile.getFileName().toString();
            Path directory = parent.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
            Files.createDirectory(directory);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                delete(directory);
                                delete(lockFile);
                            },
                            "gale-temporary-cleanup"));
            return directory;
        }
    }

    private static void removeAbandoned(Path parent, String prefix) {
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(parent, prefix + "*" + LOCK_SUFFIX)) {
            for (Path lockFile : locks) {
                removeIfAbandoned(lockFile);
            }
        } catch (IOException | UncheckedIOException e) {
            // an unreadable temporary directory: nothing to clean up from here
        }
    }

    private static void removeIfAbandoned(Path lockFile) {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return;
            }
            String name = lockFile.getFileName().toString();
            delete(lockFile.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length())));
            Files.deleteIfExists(lockFile);
        } catch (OverlappingFileLockException mine) {
            // this process owns it
        } catch (IOException e) {
            // another user's, or a file system without locks: leave it
        }
    }

    /** Deletes a file, or a directory with everything in it, as far as it can. */
    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory; the system cleans it up eventually
        }
    }
}
