package dev.gale.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar launcher.jar ARGS} as a real process, its output captured line by line. */
final class LauncherProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Gale ready on (http://\\S+/)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<Thread> pumps;
    private URI base;

    private LauncherProcess(Process process) {
        this.process = process;
        this.pumps = List.of(pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr));
    }

    /** Starts the launcher and returns without waiting for it; see {@link #awaitReady()} and {@link #awaitExit()}. */
    static LauncherProcess launch(Path jar, String... args) throws IOException {
        return launch(jar, List.of(), args);
    }

    /**
     * As {@link #launch(Path, String...)}, with {@code jvmOptions} (such as {@code -Xmx128m} or
     * {@code -Djava.io.tmpdir=...}) before {@code -jar}; they come after the default {@code -Xmx256m}, so an
     * {@code -Xmx} among them wins.
     */
    static LauncherProcess launch(Path jar, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return new LauncherProcess(new ProcessBuilder(command).start());
    }

    /** Starts the launcher and waits for its ready line. */
    static LauncherProcess start(Path jar, String... args) throws Exception {
        return start(jar, List.of(), args);
    }

    /** Starts the launcher with {@code jvmOptions} and waits for its ready line. */
    static LauncherProcess start(Path jar, List<String> jvmOptions, String... args) throws Exception {
        LauncherProcess launcher = launch(jar, jvmOptions, args);
        try {
            launcher.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            launcher.close();
            throw e;
        }
        return launcher;
    }

    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stdout) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    base = URI.create(m.group(1));
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("launcher exited with " + process.exitValue() + ": " + output());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no ready line within " + START_TIMEOUT + ": " + output());
    }

    /** Waits for the process to end by itself and returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("launcher still running: " + output());
        }
        for (Thread pump : pumps) {
            pump.join(5000);
        }
        return process.exitValue();
    }

    /** Waits until a line of the log (stderr) contains {@code text}. */
    String awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stderr) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log line containing \"" + text + "\": " + output());
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    List<String> stdout() {
        return stdout;
    }

    List<String> stderr() {
        return stderr;
    }

    HttpClient client() {
        return client;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String output() {
        return "\n--- stdout\n" + String.join("\n", stdout) + "\n--- stderr\n" + String.join("\n", stderr);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream stream, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
