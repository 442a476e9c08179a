package dev.gale.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every bounded load of the tests keeps: its client threads, which run until {@link #close()} or a time limit,
 * and the count of requests that succeeded and failed, with the first failures for a message.
 */
abstract class ClientLoad implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    /** Starts {@code count} daemon threads named {@code name-N}, each running {@code client} until it returns. */
    final void startClients(int count, String name, Runnable client) {
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(client, name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /**
     * Whether clients should send another request: not closed, and within {@code deadline} ({@link System#nanoTime}).
     */
    final boolean running(long deadline) {
        return running && System.nanoTime() < deadline;
    }

    final void succeed() {
        succeeded.incrementAndGet();
    }

    final void fail(String what) {
        failed.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    final long succeeded() {
        return succeeded.get();
    }

    final long failed() {
        return failed.get();
    }

    /** The first failures, for a message. */
    final List<String> failures() {
        return failures;
    }

    /** Waits until {@code count} more requests than now have succeeded, at most {@code timeout}; false if not. */
    final boolean awaitMoreSuccesses(long count, Duration timeout) throws InterruptedException {
        long target = succeeded.get() + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (succeeded.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public final void close() {
        running = false;
        try {
            for (Thread thread : threads) {
                thread.join(40_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final String toString() {
        return succeeded + " succeeded, " + failed + " failed " + failures;
    }
}
