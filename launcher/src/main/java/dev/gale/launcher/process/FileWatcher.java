package dev.gale.launcher.process;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Calls back when anything changes under the watched directories (recursively, new subdirectories included) or in
 * the watched files, through the operating system's notifications (inotify on Linux): no polling.
 */
final class FileWatcher {
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
                registerTree(path);
            } else {
                Path directory = path.toAbsolutePath().getParent();
                filesByDirectory.computeIfAbsent(directory, d -> new HashSet<>()).add(path.getFileName());
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
                            registerTree(child);
                        }
                    } else if (filesByDirectory.getOrDefault(directory, Set.of()).contains(name)) {
                        changed = true;
                    }
                }
                key.reset();
                if (changed) {
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException | IOException e) {
            // the launcher is stopping
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path directory : tree.filter(Files::isDirectory).toList()) {
                trees.add(directory);
                register(directory);
            }
        }
    }

    private void register(Path directory) throws IOException {
        WatchKey key = directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        directories.put(key, directory);
    }
}
