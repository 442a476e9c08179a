package dev.gale.launcher.process;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when anything changes under the watched directories (recursively, new subdirectories included) or in
 * the watched files, through the operating system's notifications (inotify on Linux): no polling.
 */
final class FileWatcher {
    private static final Logger LOG = LoggerFactory.getLogger("gale.general");

    private final WatchService service;
    private final Map<WatchKey, Path> directories = new HashMap<>();
    private final Map<Path, Set<Path>> filesByDirectory = new HashMap<>();
    private final Set<Path> trees = new HashSet<>();
    private final Runnable onChange;

    FileWatcher(List<Path> paths, Runnable onChange) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.onChange = onChange;
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                registerTree(path, true);
            } else {
                Path directory = path.toAbsolutePath().getParent();
                filesByDirectory
                        .computeIfAbsent(directory, d -> new HashSet<>())
                        .add(path.getFileName());
                register(directory);
            }
        }
    }

    void start() {
        Thread thread = new Thread(this::watch, "gale-file-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path directory = directories.get(key);
                boolean changed = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW || directory == null) {
                        changed = true;
                        continue;
                    }
                    Path name = (Path) event.context();
                    if (trees.contains(directory)) {
                        changed = true;
                        Path child = directory.resolve(name);
                        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(child)) {
                            registerNew(child);
                        }
                    } else if (filesByDirectory
                            .getOrDefault(directory, Set.of())
                            .contains(name)) {
                        changed = true;
                    }
                }
                key.reset();
                if (changed) {
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // the launcher is stopping
        }
    }

    /**
     * Watches a directory that appeared under a watched one, and whatever is already in it. It may be gone again,
     * whole or in part, before it is walked (a build tool's temporary directory): what is left is watched, and
     * nothing stops the watching.
     */
    private void registerNew(Path directory) {
        try {
            registerTree(directory, false);
        } catch (IOException e) {
            LOG.warn("Cannot watch {} for changes: {}", directory, e.toString());
        }
    }

    /**
     * Watches {@code root} and every directory under it. What vanishes during the walk is skipped, except the root
     * when {@code strict}.
     */
    private void registerTree(Path root, boolean strict) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes)
                    throws IOException {
                try {
                    register(directory);
                } catch (NoSuchFileException e) {
                    if (vanished(directory, e)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    throw e;
                }
                trees.add(directory);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (vanished(file, e)) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e == null || vanished(directory, e)) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            private boolean vanished(Path path, IOException e) {
                return e instanceof NoSuchFileException && !(strict && path.equals(root));
            }
        });
    }

    private void register(Path directory) throws IOException {
        WatchKey key = directory.register(
                service,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        directories.put(key, directory);
    }
}
