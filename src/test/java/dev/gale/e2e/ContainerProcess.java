package dev.gale.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A container distribution running webapp.war as a real process on a free port of 127.0.0.1, in a base directory of
 * its own; its console is captured line by line, and {@link #close()} stops it with every process it started.
 */
final class ContainerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Distribution distribution;
    private final Path base;
    private final URI root;
    private final Process process;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ContainerProcess(Distribution distribution, Path base, int port, Process process) {
        this.distribution = distribution;
        this.base = base;
        this.root = URI.create("http://127.0.0.1:" + port + "/");
        this.process = process;
        Thread pump = new Thread(this::pumpConsole, distribution.name() + "-console");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Lays out a fresh base for {@code distribution}, deploys {@code war} once per deployment, starts the container
     * and waits until the first deployment's context root answers 200; the container deploys everything before it
     * opens its port, so the others are deployed too, or failed.
     */
    static ContainerProcess start(Distribution distribution, Path war, List<Deployment> deployments) throws Exception {
        Files.createDirectories(Artifacts.runDirectory());
        Path base = Files.createTempDirectory(Artifacts.runDirectory(), distribution.name() + "-");
        int port = freePort();
        distribution.prepareBase(base, port);
        for (Deployment deployment : deployments) {
            distribution.deploy(base, war, deployment);
        }
        Process process = distribution.command(base).redirectErrorStream(true).start();
        ContainerProcess container = new ContainerProcess(distribution, base, port, process);
        try {
            container.awaitOk(deployments.get(0).path("/"));
        } catch (Exception e) {
            container.close();
            throw e;
        }
        return container;
    }

    /** What the container calls itself; see {@link Distribution#selfNames()}. */
    List<String> selfNames() {
        return distribution.selfNames();
    }

    URI uri(String path) {
        return root.resolve(path);
    }

    HttpClient client() {
        return client;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The container's process and every process it started: whichever JVM serves has one of these pids. */
    Set<Long> pids() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /** Waits until a line of the console contains {@code text}, and returns it. */
    String awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : console) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log line containing \"" + text + "\"" + output());
    }

    /** The console lines that contain {@code text}, now. */
    List<String> logLines(String text) {
        return console.stream().filter(line -> line.contains(text)).toList();
    }

    /** The console, then every file the container wrote under {@code logs/}, for failure messages. */
    String output() {
        StringBuilder out = new StringBuilder("\n--- ")
                .append(distribution.name())
                .append(" in ")
                .append(base)
                .append("\n")
                .append(String.join("\n", console));
        Path logs = base.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.sorted().toList()) {
                    out.append("\n--- ").append(file.getFileName()).append("\n").append(Files.readString(file));
                }
            } catch (IOException e) {
                out.append("\n(cannot read ")
                        .append(logs)
                        .append(": ")
                        .append(e)
                        .append(")");
            }
        }
        return out.toString();
    }

    /** Stops the container and every process it started, gracefully first. The base stays for its logs. */
    @Override
    public void close() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitOk(String path) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest probe =
                HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(distribution.name() + " exited with " + process.exitValue() + output());
            }
            try {
                int status = client.send(probe, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200) {
                    return;
                }
            } catch (ConnectException | HttpTimeoutException e) {
                // not listening yet, or still deploying on a busy machine
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                distribution.name() + ": " + path + " did not answer 200 within " + START_TIMEOUT + output());
    }

    private void pumpConsole() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                console.add(line);
            }
        } catch (IOException e) {
            console.add("(console closed: " + e + ")");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
