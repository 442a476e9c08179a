package dev.gale.launcher.process;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running launcher says who it is, for {@code status} and {@code reload}: the pid to signal and each serving
 * process with its loopback admin port. One file per port, in the temporary directory.
 */
public record RunFile(long pid, int port, List<Member> members) {
    /** One serving process. */
    public record Member(long pid, int port, int adminPort) {}

    public static Path pathFor(int port) {
        return Path.of(System.getProperty("java.io.tmpdir"), "gale-" + port + ".run");
    }

    /** Writes the file whole, then moves it into place, so a reader never sees half of it. */
    public void write() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(pid));
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

    /** The run file of the launcher on {@code port}, if one exists and names a live process. */
    public static Optional<RunFile> read(int port) throws IOException {
        Path path = pathFor(port);
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        try {
            long pid = Long.parseLong(properties.getProperty("pid"));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                List<Member> members = new ArrayList<>();
                for (int i = 0; properties.containsKey("member." + i); i++) {
                    String[] fields = properties.getProperty("member." + i).split(" ");
                    members.add(new Member(Long.parseLong(fields[0]), Integer.parseInt(fields[1]),
                            Integer.parseInt(fields[2])));
                }
                return Optional.of(new RunFile(pid, Integer.parseInt(properties.getProperty("port")), members));
            }
        } catch (RuntimeException e) {
            throw new IOException(path + " is not a launcher's run file", e);
        }
        return Optional.empty();
    }
}
