package dev.gale.launcher.process;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --autoreload}: the application runs in a child JVM of the launcher, started with the same Java, JVM
 * options, class path and arguments (which Tornado's re-exec loses). When a class directory or jar on the class path
 * (or under the web root's {@code WEB-INF}) changes, a new child starts beside the old one on the same port
 * ({@code SO_REUSEPORT}); once it serves, the old one stops gracefully. A new child that fails to start leaves the
 * old one serving, and the log says why; when there is no old one, the port answers with a 500 page showing why. The
 * next change tries again.
 *
 * <p>A fresh JVM rather than a fresh class loader: it reloads Gale, Jetty and every library as well as the
 * application, leaks nothing from the old code, and on this machine takes about a second, inside the two-second
 * budget a browser refresh allows.
 */
public final class Reloader {
    private static final Logger LOG = LoggerFactory.getLogger("gale.general");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * A development JVM lives for one edit: the quick compiler alone starts it in about half the time (measured on
     * a 2-core machine: 1.1 s against 2.7 s to the ready line), and JVM options given to the launcher still apply.
     */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1");
    /**
     * How long the watched files must stay unchanged before a reload starts. A compiler writes a module's classes in
     * bursts (Maven deletes and rewrites target/classes); a child started in the middle fails, and the old one keeps
     * serving until the writes stop.
     */
    private static final Duration SETTLE = Duration.ofMillis(300);

    private final GroupPlan plan;
    private final List<Path> watched;
    private final boolean showErrors;
    private final PrintStream out;
    private final PrintStream err;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Child current;
    private ErrorPageServer errorPage;

    /**
     * @param watched files and directories whose changes restart the application
     * @param showErrors whether the page shown while the application cannot start includes its log
     */
    public Reloader(GroupPlan plan, List<Path> watched, boolean showErrors, PrintStream out, PrintStream err) {
        this.plan = plan;
        this.watched = List.copyOf(watched);
        this.showErrors = showErrors;
        this.out = out;
        this.err = err;
    }

    public void stop() {
        events.add("stop");
    }

    /** Runs until stopped; returns the exit status. */
    public int run() throws InterruptedException {
        try {
            FileWatcher watcher = new FileWatcher(watched, () -> events.add("change"));
            watcher.start();
        } catch (IOException e) {
            LOG.error("Cannot watch {} for changes: {}", watched, e.toString());
            return 1;
        }
        replace();
        out.println("Gale ready on " + plan.url() + " (reloading on changes to " + watched.size()
                + " paths, supervisor pid " + ProcessHandle.current().pid() + ")");
        out.flush();
        while (true) {
            String event = events.take();
            while (event.equals("change")) {
                // let a burst of writes (a compiler, a copy) settle into one reload; a stop among them wins
                String next = events.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    break;
                }
                event = next;
            }
            if (event.equals("stop")) {
                if (current != null) {
                    current.stop();
                    current.waitFor(plan.shutdownTimeout().plusSeconds(5));
                }
                if (errorPage != null) {
                    errorPage.stop();
                }
                return 0;
            }
            replace();
        }
    }

    /** Starts a new child; when it serves, it takes over from the old one, else the error page does. */
    private void replace() throws InterruptedException {
        long started = System.nanoTime();
        Child fresh;
        try {
            fresh = Child.start(0, plan.port(), plan.command(0, FAST_START), plan.environment(), out, err);
        } catch (IOException e) {
            LOG.error("Cannot start the application: {}", e.toString());
            return;
        }
        boolean ready = fresh.awaitReady(START_TIMEOUT);
        Child old = current;
        if (ready) {
            current = fresh;
            if (errorPage != null) {
                errorPage.stop();
                errorPage = null;
            }
            LOG.info("{} in {} ms", old == null ? "Started" : "Reloaded", (System.nanoTime() - started) / 1_000_000);
        } else if (old != null) {
            fresh.kill();
            List<String> log = fresh.failureLog();
            LOG.warn(
                    "The changed application failed to start; the running one keeps serving until a change lets it "
                            + "start{}",
                    log.isEmpty() ? "" : ": " + log.get(log.size() - 1));
            return;
        } else {
            fresh.kill();
            showError(fresh.failureLog());
        }
        if (old != null) {
            old.stop();
            old.waitFor(plan.shutdownTimeout().plusSeconds(5));
        }
    }

    private void showError(List<String> log) {
        LOG.error("The application failed to start; the port answers 500 until a change lets it start");
        if (errorPage != null) {
            errorPage.stop();
        }
        errorPage = new ErrorPageServer(plan.address(), plan.port(), log, showErrors);
        try {
            errorPage.start();
        } catch (Exception e) {
            LOG.error("Cannot serve the error page on port {}: {}", plan.port(), e.toString());
            errorPage = null;
        }
    }

    /** The launcher's class path entries and what holds the application's code: what a change of code touches. */
    public static List<Path> codePaths(String classPath, List<Path> applicationCode) {
        List<Path> paths = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                paths.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        for (Path entry : applicationCode) {
            if (Files.exists(entry) && !paths.contains(entry)) {
                paths.add(entry);
            }
        }
        return paths;
    }
}
