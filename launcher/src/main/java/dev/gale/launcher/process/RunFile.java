package dev.gale.launcher.process;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running launcher says who it is, for {@code status} and {@code reload}: the pid to signal and each serving
 * process with its loopback admin port. One file per port, in the temporary directory. The file also names the host
 * and the moment the launcher's process started, so a file left by a launcher killed with {@code kill -9} is known
 * for what it is, even once another process has its pid, and is removed rather than trusted.
 */
public record RunFile(long pid, int port, List<Member> members) {
    /** One serving process. */
    public record Member(long pid, int port, int adminPort) {}

    private static final String HOST = hostName();
    /** Two readings of one process's start time differ by the clock ticks they are rounded to, at most. */
    private static final long START_TOLERANCE_MILLIS = 1000;

    public static Path pathFor(int port) {
        return Path.of(System.getProperty("java.io.tmpdir"), "gale-" + port + ".run");
    }

    /** Writes the file whole, then moves it into place, so a reader never sees half of it. */
    public void write() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(pid));
        startedMillis(pid).ifPresent(started -> properties.setProperty("started", Long.toString(started)));
        properties.setProperty("host", HOST);
        properties.setProperty("port", Integer.toString(port));
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            properties.setProperty("member." + i, m.pid() + " " + m.port() + " " + m.adminPort());
        }
        Path target = pathFor(port);
        Path temporary = Files.createTempFile(target.getParent(), "gale-" + port + "-", ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "Gale launcher on port " + port);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void delete() {
        try {
            Files.deleteIfExists(pathFor(port));
        } catch (IOException e) {
            // a leftover file names a pid that no longer runs; status says so
        }
    }

    /**
     * The run file of a live launcher on {@code port}, or empty after one line on {@code err} saying why not: for
     * the commands that talk to a running launcher.
     */
    public static Optional<RunFile> require(int port, java.io.PrintStream err) {
        try {
            Properties properties = load(port);
            if (properties != null && !HOST.equals(properties.getProperty("host", HOST))) {
                err.println("error: the launcher on port " + port + " runs on host " + properties.getProperty("host")
                        + " (" + pathFor(port) + "); run this command there");
                return Optional.empty();
            }
            Optional<RunFile> found = read(port);
            if (found.isEmpty()) {
                err.println("error: no Gale launcher runs on port " + port + " (no live " + pathFor(port) + ")");
            }
            return found;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The run file of the launcher on {@code port}, if one exists and names a live launcher. A file this host wrote
     * whose process is gone, or whose pid now belongs to a process started at another time, is deleted.
     */
    public static Optional<RunFile> read(int port) throws IOException {
        Path path = pathFor(port);
        Properties properties = load(port);
        if (properties == null) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(properties.getProperty("pid"));
            if (!HOST.equals(properties.getProperty("host", HOST))) {
                return Optional.empty();
            }
            String started = properties.getProperty("started");
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            boolean same = started == null || startedMillis(pid)
                    .map(now -> Math.abs(Long.parseLong(started) - now) <= START_TOLERANCE_MILLIS).orElse(true);
            if (!alive || !same) {
                Files.deleteIfExists(path);
                return Optional.empty();
            }
            List<Member> members = new ArrayList<>();
            for (int i = 0; properties.containsKey("member." + i); i++) {
                String[] fields = properties.getProperty("member." + i).split(" ");
                members.add(new Member(Long.parseLong(fields[0]), Integer.parseInt(fields[1]),
                        Integer.parseInt(fields[2])));
            }
            return Optional.of(new RunFile(pid, Integer.parseInt(properties.getProperty("port")), members));
        } catch (RuntimeException e) {
            throw new IOException(path + " is not a launcher's run file", e);
        }
    }

    private static Properties load(int port) throws IOException {
        Path path = pathFor(port);
        if (!Files.exists(path)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return null;
        }
        return properties;
    }

    /** When process {@code pid} started, in milliseconds since the epoch; empty when it is gone or will not say. */
    private static Optional<Long> startedMillis(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant()).map(Instant::toEpochMilli);
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException unknown) {
                return "localhost";
            }
        }
    }
}
