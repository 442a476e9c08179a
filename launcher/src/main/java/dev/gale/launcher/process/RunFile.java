package dev.gale.launcher.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.stream.Stream;

/**
 * Where a running launcher says who it is, for {@code status} and {@code reload}: the pid to signal and each serving
 * process with its loopback admin port. One file per group, in the temporary directory, named after what tells
 * groups apart there: the port, the address the group listens on, and the host name, so that groups on other hosts
 * or other addresses sharing the directory (test hosts, containers on a shared volume) each keep their own. The file
 * also names the moment the launcher's process started, so a file left by a launcher killed with {@code kill -9} is
 * known for what it is, even once another process has its pid, and is removed rather than trusted.
 *
 * @param address the address the group listens on, empty for every interface
 */
public record RunFile(long pid, String address, int port, List<Member> members) {
    /** One serving process. */
    public record Member(long pid, int port, int adminPort) {}

    private static final String HOST = hostName();
    /** Two readings of one process's start time differ by the clock ticks they are rounded to, at most. */
    private static final long START_TOLERANCE_MILLIS = 1000;

    /** The file of the group on {@code address} (empty: every interface) and {@code port} on this host. */
    public static Path pathFor(String address, int port) {
        String where = address.isEmpty() ? "all" : address;
        return directory().resolve(("gale-" + port + "-" + where + "-" + HOST + ".run").replaceAll("[^\\w.\\-]", "_"));
    }

    public Path path() {
        return pathFor(address, port);
    }

    private static Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Writes the file whole, then moves it into place, so a reader never sees half of it. */
    public void write() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(pid));
        startedMillis(pid).ifPresent(started -> properties.setProperty("started", Long.toString(started)));
        properties.setProperty("host", HOST);
        properties.setProperty("address", address);
        properties.setProperty("port", Integer.toString(port));
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            properties.setProperty("member." + i, m.pid() + " " + m.port() + " " + m.adminPort());
        }
        Path target = path();
        Path temporary = Files.createTempFile(target.getParent(), "gale-" + port + "-", ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "Gale launcher on port " + port);
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void delete() {
        try {
            Files.deleteIfExists(path());
        } catch (IOException e) {
            // a leftover file names a pid that no longer runs; status says so
        }
    }

    /**
     * The run file of the live launcher on {@code port} of this host, or empty after one line on {@code err} saying
     * why not: for the commands that talk to a running launcher. Without {@code address}, the group must be the only
     * one on that port that listens on every interface or on an address of this host (of this network namespace).
     */
    public static Optional<RunFile> require(Optional<String> address, int port, PrintStream err) {
        List<RunFile> here = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        try {
            for (Path path : filesFor(port)) {
                Properties properties = load(path);
                if (properties == null) {
                    continue;
                }
                if (!HOST.equals(properties.getProperty("host", HOST))) {
                    elsewhere.add(properties.getProperty("host"));
                    continue;
                }
                Optional<RunFile> live = read(path, properties);
                if (live.isPresent()
                        && address.map(live.get().address()::equals).orElse(isOnThisHost(live.get()))) {
                    here.add(live.get());
                }
            }
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return Optional.empty();
        }
        String group = "port " + port + address.map(a -> " of " + a).orElse("");
        if (here.size() == 1) {
            return Optional.of(here.get(0));
        }
        if (here.size() > 1) {
            err.println("error: " + here.size() + " launchers listen on port " + port + " here, on "
                    + String.join(", ", here.stream().map(RunFile::where).toList()) + "; name one with --address=");
        } else if (!elsewhere.isEmpty()) {
            err.println("error: the launcher on " + group + " runs on host " + elsewhere.get(0)
                    + "; run this command there");
        } else {
            err.println("error: no Gale launcher runs on " + group + " here (no live gale-" + port + "-*.run in "
                    + directory() + ")");
        }
        return Optional.empty();
    }

    /** The address the group listens on, as {@code status} names it. */
    private String where() {
        return address.isEmpty() ? "every interface" : address;
    }

    /** The run files of every group on {@code port} in the temporary directory, this host's and others'. */
    private static List<Path> filesFor(int port) throws IOException {
        String prefix = "gale-" + port + "-";
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(path -> path.getFileName().toString().startsWith(prefix)
                            && path.getFileName().toString().endsWith(".run"))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * Whether the group listens here: on every interface, or on an address this host (this network namespace) can
     * bind, which another namespace's address is not.
     */
    private static boolean isOnThisHost(RunFile file) {
        if (file.address().isEmpty()) {
            return true;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(file.address()), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The launcher of a run file read from {@code path}, if it is alive. A file whose process is gone, or whose pid
     * now belongs to a process started at another time, is deleted.
     */
    private static Optional<RunFile> read(Path path, Properties properties) throws IOException {
        try {
            long pid = Long.parseLong(properties.getProperty("pid"));
            String started = properties.getProperty("started");
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            boolean same = started == null
                    || startedMillis(pid)
                            .map(now -> Math.abs(Long.parseLong(started) - now) <= START_TOLERANCE_MILLIS)
                            .orElse(true);
            if (!alive || !same) {
                Files.deleteIfExists(path);
                return Optional.empty();
            }
            List<Member> members = new ArrayList<>();
            for (int i = 0; properties.containsKey("member." + i); i++) {
                String[] fields = properties.getProperty("member." + i).split(" ");
                members.add(new Member(
                        Long.parseLong(fields[0]), Integer.parseInt(fields[1]), Integer.parseInt(fields[2])));
            }
            return Optional.of(new RunFile(
                    pid,
                    properties.getProperty("address", ""),
                    Integer.parseInt(properties.getProperty("port")),
                    members));
        } catch (RuntimeException e) {
            throw new IOException(path + " is not a launcher's run file", e);
        }
    }

    private static Properties load(Path path) throws IOException {
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
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().startInstant())
                .map(Instant::toEpochMilli);
    }

    private static String hostName() {
        // Read to the end rather than by the size the file reports: a /proc file may report too few bytes.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/hostname"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException unknown) {
                return "localhost";
            }
        }
    }
}
