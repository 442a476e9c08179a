package dev.gale.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx or HAProxy in the foreground, run unprivileged from a directory of its own, with its output
 * captured; and the small process helpers the proxy tests need ({@link #run}, {@link #freePort}).
 */
final class ProxyProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

    private final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    /** What a command that ran to its end printed, stdout and stderr together, and its exit status. */
    record Result(int status, String output) {}

    private ProxyProcess(String name, List<String> command) throws IOException {
        this.name = name;
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output closed: " + e + ")");
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Writes {@code generated} to {@code dir/nginx.conf} with nginx's own files moved into {@code dir}, and
     * returns the file. The generated config leaves the access log and the temporary files at nginx's built-in
     * paths (/var/log/nginx and /var/lib/nginx on Debian), which an unprivileged nginx cannot write and other runs
     * share; the lines added at the top of {@code http {}} name paths in {@code dir}. Nothing else is changed.
     */
    static Path nginxConfig(Path dir, String generated) throws IOException {
        String http = "\nhttp {\n";
        int at = generated.indexOf(http);
        if (at < 0) {
            throw new IllegalStateException("no http block in the generated config:\n" + generated);
        }
        StringBuilder own =
                new StringBuilder("    # Added by the test: this nginx's own files, in its own directory.\n");
        own.append("    access_log ").append(dir.resolve("access.log")).append(";\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            own.append("    ")
                    .append(temp)
                    .append("_temp_path ")
                    .append(dir.resolve(temp))
                    .append(";\n");
        }
        Path file = dir.resolve("nginx.conf");
        Files.writeString(
                file, generated.substring(0, at + http.length()) + own + generated.substring(at + http.length()));
        // When the tests run as root, nginx's workers run as nobody and must reach the temporary directories.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** {@code nginx -t} on {@code config}, with the prefix, pid file and error log in {@code dir}. */
    static Result nginxTest(Path dir, Path config) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary("nginx"), "-t"));
        command.addAll(nginxArguments(dir, config, ""));
        return run(command, Duration.ofSeconds(30));
    }

    /** Starts nginx in the foreground on {@code config} and waits until it accepts connections on {@code ports}. */
    static ProxyProcess nginx(Path dir, Path config, int... ports) throws Exception {
        return start("nginx", nginxCommand(dir, config), ports);
    }

    /** The command that runs nginx in the foreground on {@code config}, with its own files in {@code dir}. */
    static List<String> nginxCommand(Path dir, Path config) {
        List<String> command = new ArrayList<>(List.of(binary("nginx")));
        command.addAll(nginxArguments(dir, config, "daemon off; "));
        return command;
    }

    /** Starts {@code command} in the foreground, its output captured, without waiting for anything. */
    static ProxyProcess foreground(String name, List<String> command) throws IOException {
        return new ProxyProcess(name, command);
    }

    /** {@code haproxy -c} on {@code config}. */
    static Result haproxyCheck(Path config) throws Exception {
        return run(List.of(binary("haproxy"), "-c", "-f", config.toString()), Duration.ofSeconds(30));
    }

    /** Starts HAProxy in the foreground ({@code -db}) on {@code config} and waits for its {@code ports}. */
    static ProxyProcess haproxy(Path config, int... ports) throws Exception {
        return start("haproxy", haproxyCommand(config), ports);
    }

    /** The command that runs HAProxy in the foreground ({@code -db}) on {@code config}. */
    static List<String> haproxyCommand(Path config) {
        return List.of(binary("haproxy"), "-f", config.toString(), "-db");
    }

    private static List<String> nginxArguments(Path dir, Path config, String daemon) {
        return List.of(
                "-p",
                dir + "/",
                "-c",
                config.toString(),
                "-g",
                daemon + "pid " + dir.resolve("nginx.pid") + "; error_log " + dir.resolve("error.log") + ";");
    }

    private static ProxyProcess start(String name, List<String> command, int... ports) throws Exception {
        ProxyProcess proxy = new ProxyProcess(name, command);
        try {
            for (int port : ports) {
                proxy.awaitPort(port);
            }
            return proxy;
        } catch (Exception | AssertionError e) {
            proxy.close();
            throw e;
        }
    }

    private void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(
                name + " did not listen on " + port + " within " + START_TIMEOUT + ": " + output());
    }

    String output() {
        return "\n--- " + name + "\n" + String.join("\n", output);
    }

    /** Stops the proxy and every process it started (nginx's workers); the master first, as a service manager does. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code java -jar launcher.jar config KIND OPTIONS}, run as a user runs it; its output is the config. */
    static String generatedConfig(String kind, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Artifacts.launcherJar().toString(),
                "config",
                kind));
        command.addAll(List.of(options));
        Path out = Files.createTempFile("gale-e2e-" + kind, ".conf");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited " + process.exitValue());
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs {@code command} to its end, at most {@code timeout}, and returns its status and output. */
    static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("gale-e2e-command", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(
                        command + " still running after " + timeout + ": " + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A port no one listens on now, on any address (nginx and HAProxy bind the wildcard address). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of {@code program} on the PATH or in the sbin directories, which a user's PATH may lack. */
    static String binary(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), SBIN.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(program + " is not installed (.ci/run installs it)"));
    }
}
