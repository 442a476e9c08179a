package dev.gale.launcher.process;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --processes=N}: starts N child JVMs of this launcher, all serving one port with {@code SO_REUSEPORT} (or
 * consecutive ports with {@code --distinct_ports}), and looks after them. A child that crashes is restarted with
 * backoff; children that keep crashing stop the group. SIGTERM or SIGINT stops every child gracefully, then the
 * supervisor exits 0: every child first answers {@code /_gale/ready} with 503 and serves on for the drain delay (a
 * second SIGTERM or SIGINT ends it), then gets SIGTERM; a second SIGINT after that kills them at once. SIGHUP
 * replaces the children one at a time: the new one first, and the old one stops once the new one serves, without
 * the delay and still ready, since the group serves the port. Children exit by themselves when the supervisor dies.
 *
 * <p>All events (child exits, signals, due restarts) go through one queue and one thread, so the group's state
 * needs no locks.
 */
public final class Supervisor {
    /** The environment variable that tells a launcher it is a supervised child. */
    public static final String SUPERVISED = "GALE_SUPERVISED";

    /** The line a supervised child reads on its stdin when it should answer {@code /_gale/ready} with 503. */
    public static final String WITHDRAW_READINESS = "withdraw-readiness";

    private static final Logger LOG = LoggerFactory.getLogger("gale.general");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int CRASHES_ALLOWED = 5;
    private static final Duration CRASH_WINDOW = Duration.ofSeconds(60);

    private final GroupPlan plan;
    private final PrintStream out;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "gale-supervisor-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final Child[] children;
    private final Map<Integer, Integer> consecutiveCrashes = new HashMap<>();
    private final Deque<Long> recentCrashes = new ArrayDeque<>();
    private boolean stopping;
    /** Stopping, and the children still serve with their readiness withdrawn until the drain delay ends. */
    private boolean delaying;
    /** The children have had their SIGTERM. */
    private boolean stoppedChildren;

    private boolean crashLoop;
    private int interrupts;

    /** What a signal or a child asks of the supervisor. */
    private sealed interface Event {}

    private record Exited(Child child) implements Event {}

    private record RestartDue(int slot) implements Event {}

    private record Stop() implements Event {}

    private record Interrupt() implements Event {}

    private record Roll() implements Event {}

    private record DrainDelayOver() implements Event {}

    public Supervisor(GroupPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
        this.children = new Child[plan.processes()];
    }

    /** Asks for a graceful stop (SIGTERM). */
    public void stop() {
        events.add(new Stop());
    }

    /** A graceful stop the first time, killing the children the second (SIGINT, Ctrl-C). */
    public void interrupt() {
        events.add(new Interrupt());
    }

    /** Asks for a rolling restart (SIGHUP). */
    public void roll() {
        events.add(new Roll());
    }

    /**
     * Starts the group and looks after it until it stops.
     *
     * @return the exit status: 0 after a requested stop, 1 when the group could not start or kept crashing
     */
    public int run() throws InterruptedException {
        enableQueueMigration();
        for (int slot = 0; slot < children.length; slot++) {
            Child child = startChild(slot);
            if (child == null) {
                stopAll();
                return 1;
            }
            children[slot] = child;
        }
        for (Child child : children) {
            if (!child.awaitReady(START_TIMEOUT)) {
                LOG.error("Process {} did not start; stopping the group", child.pid());
                stopAll();
                return 1;
            }
        }
        writeRunFile();
        out.println("Gale ready on " + plan.url() + " (" + children.length + " processes, supervisor pid "
                + ProcessHandle.current().pid() + ")");
        out.flush();
        try {
            return loop();
        } finally {
            timer.shutdownNow();
            new RunFile(ProcessHandle.current().pid(), plan.address(), plan.port(), List.of()).delete();
        }
    }

    private int loop() throws InterruptedException {
        while (true) {
            Event event = events.take();
            if (event instanceof Exited exited) {
                if (onExit(exited.child())) {
                    return crashLoop ? 1 : 0;
                }
            } else if (event instanceof RestartDue due) {
                if (!stopping && children[due.slot()] == null) {
                    restart(due.slot());
                }
            } else if (event instanceof Stop) {
                beginStop();
            } else if (event instanceof DrainDelayOver) {
                stopChildren();
            } else if (event instanceof Interrupt) {
                if (++interrupts > 1 && !delaying) {
                    LOG.warn("Second interrupt: killing every process now");
                    for (Child child : children) {
                        if (child != null) {
                            child.kill();
                        }
                    }
                    return 1;
                }
                beginStop();
            } else if (event instanceof Roll && !stopping) {
                rollingRestart();
            }
            if (stopping && allExited()) {
                return 0;
            }
        }
    }

    /** Handles a child's exit; true when the group is done. */
    private boolean onExit(Child child) {
        int slot = child.slot();
        if (children[slot] != child) {
            return false;
        }
        children[slot] = null;
        if (stopping) {
            return allExited();
        }
        int status = child.onExit().join().exitValue();
        long now = System.nanoTime();
        recentCrashes.addLast(now);
        while (!recentCrashes.isEmpty() && now - recentCrashes.peekFirst() > CRASH_WINDOW.toNanos()) {
            recentCrashes.removeFirst();
        }
        if (recentCrashes.size() >= CRASHES_ALLOWED) {
            LOG.error(
                    "Processes exited {} times in {} s (the last, pid {}, with status {}); stopping the group "
                            + "instead of restarting it again",
                    recentCrashes.size(),
                    CRASH_WINDOW.toSeconds(),
                    child.pid(),
                    status);
            stopping = true;
            crashLoop = true;
            stopAll();
            return true;
        }
        int crashes = consecutiveCrashes.merge(slot, 1, Integer::sum);
        long delay = Math.min(10_000, 500L << Math.min(crashes - 1, 5));
        LOG.warn("Process {} exited with status {}; starting another in {} ms", child.pid(), status, delay);
        var unused = timer.schedule(() -> events.add(new RestartDue(slot)), delay, TimeUnit.MILLISECONDS);
        writeRunFile();
        return false;
    }

    private void restart(int slot) throws InterruptedException {
        Child child = startChild(slot);
        if (child == null) {
            var unused = timer.schedule(() -> events.add(new RestartDue(slot)), 1, TimeUnit.SECONDS);
            return;
        }
        children[slot] = child;
        if (child.awaitReady(START_TIMEOUT)) {
            consecutiveCrashes.remove(slot);
            LOG.info("Process {} serves in place of the one that exited", child.pid());
        }
        writeRunFile();
    }

    /** SIGHUP: for each process, start its replacement, wait until it serves, then stop the old one gracefully. */
    private void rollingRestart() throws InterruptedException {
        LOG.info("Rolling restart of {} processes", children.length);
        for (int slot = 0; slot < children.length; slot++) {
            Child old = children[slot];
            Child fresh = startChild(slot);
            if (fresh == null || !fresh.awaitReady(START_TIMEOUT)) {
                LOG.error("The new process for port {} did not start; keeping the old ones", plan.portOf(slot));
                if (fresh != null) {
                    fresh.kill();
                }
                return;
            }
            children[slot] = fresh;
            writeRunFile();
            if (old != null) {
                old.stop();
                if (!old.waitFor(plan.shutdownTimeout().plusSeconds(5))) {
                    old.kill();
                }
            }
        }
        LOG.info("Rolling restart done");
    }

    /**
     * The first stop request withdraws every child's readiness, waits out the drain delay, then stops the children; a
     * second one during the delay ends it.
     */
    private void beginStop() {
        if (delaying) {
            LOG.info("Second signal: ending the drain delay");
            stopChildren();
            return;
        }
        if (stopping) {
            return;
        }
        stopping = true;
        for (Child child : children) {
            if (child != null) {
                child.withdrawReadiness();
            }
        }
        if (plan.drainDelay().isZero()) {
            stopChildren();
            return;
        }
        delaying = true;
        LOG.info(
                "Stopping: /_gale/ready answers 503 on {} processes; serving {} ms more before they stop",
                children.length,
                plan.drainDelay().toMillis());
        var unused = timer.schedule(
                () -> events.add(new DrainDelayOver()), plan.drainDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM to every child, once: each drains its requests in flight and exits. */
    private void stopChildren() {
        if (stoppedChildren) {
            return;
        }
        delaying = false;
        stoppedChildren = true;
        LOG.info("Stopping {} processes gracefully", children.length);
        for (Child child : children) {
            if (child != null) {
                child.stop();
            }
        }
    }

    private void stopAll() {
        for (Child child : children) {
            if (child != null) {
                child.stop();
            }
        }
        for (Child child : children) {
            if (child != null) {
                try {
                    if (!child.waitFor(plan.shutdownTimeout().plusSeconds(5))) {
                        child.kill();
                    }
                } catch (InterruptedException e) {
                    child.kill();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private boolean allExited() {
        for (Child child : children) {
            if (child != null) {
                return false;
            }
        }
        return true;
    }

    private Child startChild(int slot) {
        try {
            Child child = Child.start(slot, plan.portOf(slot), plan.command(slot), plan.environment(), out);
            var unused = child.onExit().thenRun(() -> events.add(new Exited(child)));
            return child;
        } catch (IOException e) {
            LOG.error("Cannot start a process: {}", e.toString());
            return null;
        }
    }

    private void writeRunFile() {
        List<RunFile.Member> members = new ArrayList<>();
        for (Child child : children) {
            if (child != null) {
                members.add(new RunFile.Member(child.pid(), child.port(), child.adminPort()));
            }
        }
        try {
            new RunFile(ProcessHandle.current().pid(), plan.address(), plan.port(), members).write();
        } catch (IOException e) {
            LOG.warn("Cannot write the run file for status and reload: {}", e.toString());
        }
    }

    /**
     * Linux resets the connections waiting in the accept queue of a listener that closes, even when other listeners
     * share the port. With {@code net.ipv4.tcp_migrate_req} they move to another listener instead; a restart then
     * loses none. Turned on when this process may, and said once when it may not.
     */
    private static void enableQueueMigration() {
        Path setting = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
        try {
            if (!Files.exists(setting) || Files.readString(setting).strip().equals("1")) {
                return;
            }
            Files.writeString(setting, "1");
            LOG.info("Enabled net.ipv4.tcp_migrate_req, so connections queued at a stopping process move to another");
        } catch (IOException e) {
            LOG.warn("Connections queued at a stopping process may be reset during restarts; run "
                    + "'sysctl -w net.ipv4.tcp_migrate_req=1' as root to move them to another process instead");
        }
    }
}
