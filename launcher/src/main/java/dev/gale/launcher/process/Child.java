package dev.gale.launcher.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One serving process started by the {@link Supervisor}. Its stdin is a pipe the parent writes one line to at most
 * (to withdraw its readiness): when the parent dies, even by {@code kill -9}, the pipe closes and the child stops.
 * Its stdout tells the parent its admin port and when it is ready; its stderr (the log) goes straight to the
 * parent's.
 */
final class Child {
    private static final Pattern ADMIN = Pattern.compile("Gale admin on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern READY = Pattern.compile("Gale ready on \\S+");

    private final int slot;
    private final int port;
    private final Process process;
    private final CompletableFuture<Integer> adminPort = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Deque<String> lastLogLines = new ArrayDeque<>();
    private final Thread logReader;

    private Child(int slot, int port, Process process, PrintStream out, PrintStream err) {
        this.slot = slot;
        this.port = port;
        this.process = process;
        Thread reader = new Thread(() -> readOutput(out), "gale-child-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        if (err != null) {
            logReader = new Thread(() -> readLog(err), "gale-child-log-" + process.pid());
            logReader.setDaemon(true);
            logReader.start();
        } else {
            logReader = null;
        }
    }

    static Child start(int slot, int port, List<String> command, Map<String, String> environment, PrintStream out)
            throws IOException {
        return start(slot, port, command, environment, out, null);
    }

    /**
     * Starts a child whose log passes through this process, which keeps its last lines (to show why it failed to
     * start); with {@code err} null the log goes straight to this process's stderr.
     */
    static Child start(
            int slot, int port, List<String> command, Map<String, String> environment, PrintStream out, PrintStream err)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(err == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        return new Child(slot, port, builder.start(), out, err);
    }

    private void readLog(PrintStream err) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                err.println(line);
                synchronized (lastLogLines) {
                    lastLogLines.addLast(line);
                    if (lastLogLines.size() > 60) {
                        lastLogLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** The last lines a child that failed logged, once it has exited (its log passes through this process). */
    List<String> failureLog() throws InterruptedException {
        process.waitFor(5, TimeUnit.SECONDS);
        if (logReader != null) {
            logReader.join(1000);
        }
        synchronized (lastLogLines) {
            return List.copyOf(lastLogLines);
        }
    }

    private void readOutput(PrintStream out) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher admin = ADMIN.matcher(line);
                if (admin.matches()) {
                    adminPort.complete(Integer.parseInt(admin.group(1)));
                } else if (READY.matcher(line).lookingAt()) {
                    ready.complete(null);
                } else {
                    out.println(line);
                }
            }
        } catch (IOException e) {
            // the process is gone; onExit says how
        }
        ready.completeExceptionally(new IllegalStateException("exited before it was ready"));
    }

    /**
     * Waits until the process serves.
     *
     * @return false when it exited or did not get ready in time
     */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    int slot() {
        return slot;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The loopback port of the process's status endpoint, 0 until it says. */
    int adminPort() {
        return adminPort.getNow(0);
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /**
     * SIGTERM: the process stops accepting, finishes what is in flight, and exits. Sent through the process handle,
     * which leaves the stdin pipe open ({@code Process.destroy} closes it, which the child would take for its
     * parent's death and stop at once).
     */
    void stop() {
        process.toHandle().destroy();
    }

    /**
     * Tells the process to answer {@code /_gale/ready} with 503 while it keeps serving, through its stdin pipe; a
     * process already gone needs no telling.
     */
    void withdrawReadiness() {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write((Supervisor.WITHDRAW_READINESS + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            // it has exited; the supervisor hears of that on its own
        }
    }

    /** SIGKILL. */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
