package dev.gale.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load of clients that never retry: {@code connections} raw sockets, each sending {@code GET path} on its
 * kept-alive connection as soon as the last response is read, and opening a new connection only after a response
 * that says {@code Connection: close}. A request that gets no whole response (the connection closed or reset under
 * it, a refused connect, a timeout) or a status other than 200 is one failure, as a client without the retry of
 * RFC 9112 section 9.3.1 (Python's http.client, many load generators) sees it.
 */
final class KeepAliveLoad implements AutoCloseable {
    private static final Duration LIMIT = Duration.ofSeconds(180);

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    private KeepAliveLoad(int port, String path, int connections) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                RawHttp.Connection connection = null;
                while (running && System.nanoTime() < deadline) {
                    try {
                        if (connection == null) {
                            connection = new RawHttp.Connection(port);
                        }
                        RawHttp.Response response = connection.get(path);
                        if (response.status() == 200) {
                            succeeded.incrementAndGet();
                        } else {
                            fail(response.status() + " " + response.body());
                        }
                        if (response.header("Connection").orElse("").toLowerCase(Locale.ROOT).equals("close")) {
                            connection.close();
                            connection = null;
                        }
                    } catch (IOException e) {
                        fail(e.toString());
                        connection = closeQuietly(connection);
                    }
                }
                closeQuietly(connection);
            }, "keep-alive-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Starts {@code connections} clients sending {@code GET path} to {@code 127.0.0.1:port}. */
    static KeepAliveLoad start(int port, String path, int connections) {
        return new KeepAliveLoad(port, path, connections);
    }

    private static RawHttp.Connection closeQuietly(RawHttp.Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        return null;
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    long failed() {
        return failed.get();
    }

    /** Waits until {@code count} more requests than now have succeeded, at most {@code timeout}; false if not. */
    boolean awaitMoreSuccesses(long count, Duration timeout) throws InterruptedException {
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
    public void close() {
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
    public String toString() {
        return succeeded + " succeeded, " + failed + " failed " + failures;
    }
}
