package dev.gale.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The small Tornado application {@code tornado_signed_cookies.py} as a real process on a free loopback port, run by
 * the system's Python 3 with Debian's python3-tornado ({@code .ci/run} installs it).
 */
final class TornadoProcess implements AutoCloseable {
    /** Not the first python3 on PATH: that may be a private one without Tornado. */
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final Process process;
    private final List<String> stderr;
    private final URI base;

    private TornadoProcess(Process process, URI base, List<String> stderr) {
        this.process = process;
        this.base = base;
        this.stderr = stderr;
    }

    /** Starts the application with {@code cookieSecret} and waits until it listens. */
    static TornadoProcess start(String cookieSecret) throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            throw new IllegalStateException(PYTHON + " is missing: install python3 and python3-tornado");
        }
        Path script = script();
        Process process = new ProcessBuilder(PYTHON.toString(), script.toString(), cookieSecret).start();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Thread errors = new Thread(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    stderr.add(line);
                }
            } catch (IOException e) {
                stderr.add("(stderr closed: " + e + ")");
            }
        });
        errors.setDaemon(true);
        errors.start();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = firstLine.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            line = null;
        }
        if (line == null || !line.matches("port \\d+")) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            throw new IllegalStateException("the Tornado application did not start (is python3-tornado installed? "
                    + "apt-get install python3-tornado): " + line + "\n" + String.join("\n", stderr));
        }
        return new TornadoProcess(process, URI.create("http://127.0.0.1:" + line.substring(5) + "/"), stderr);
    }

    URI base() {
        return base;
    }

    /** What the application logged, for failure messages. */
    String log() {
        return String.join("\n", stderr);
    }

    private static Path script() throws URISyntaxException {
        var resource = TornadoProcess.class.getResource("/tornado_signed_cookies.py");
        if (resource == null) {
            throw new IllegalStateException("tornado_signed_cookies.py is not on the test class path");
        }
        return Path.of(resource.toURI());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
