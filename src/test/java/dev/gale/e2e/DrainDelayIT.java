package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --drain_delay}: a stopping launcher answers {@code /_gale/ready} with 503 while it still serves on its port,
 * then closes the listener and drains, as a balancer or Kubernetes needs to take it out before connections are refused.
 * A rolling restart of a {@code --processes} group never answers 503.
 */
class DrainDelayIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Longer than any test waits: a stop that gets past it in time had its delay ended by a second signal. */
    private static final String LONG_DELAY = "--drain_delay=300s";

    private LauncherProcess app;

    private LauncherProcess start(String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(Artifacts.demo(), "--port=0", "--address=127.0.0.1"));
        args.addAll(List.of(options));
        app = LauncherProcess.start(Artifacts.launcherJar(), args.toArray(String[]::new));
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aStoppingLauncherFailsReadinessWhileItServesThenASecondSigtermDrainsIt() throws Exception {
        start(LONG_DELAY);
        int port = app.base().getPort();
        assertEquals(200, fresh(port, "/_gale/ready").status());
        assertTrue(status().contains("\"stopping\":false"), status());
        CompletableFuture<HttpResponse<String>> inFlightAtSigterm = app.longInFlight(WAIT);

        app.signal("TERM");
        app.awaitLog("Stopping: /_gale/ready answers 503", WAIT);
        RawHttp.Response ready = fresh(port, "/_gale/ready");
        assertEquals(503, ready.status(), ready.body());
        RawHttp.Response hello = fresh(port, "/");
        assertEquals(200, hello.status(), hello.body());
        assertEquals("Hello, world", hello.body());
        assertTrue(status().contains("\"stopping\":true"), status());
        HttpResponse<String> first = inFlightAtSigterm.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(Long.toString(app.pid()), first.body());

        CompletableFuture<HttpResponse<String>> inFlightAtSecondSigterm = app.longInFlight(WAIT);
        app.signal("TERM");
        app.awaitLog("Stopping: 1 requests in flight", WAIT);
        assertTrue(app.awaitRefused(WAIT), "the port still accepts connections after the drain delay");
        HttpResponse<String> second = inFlightAtSecondSigterm.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(0, app.awaitExit(WAIT), app::output);
        assertTrue(app.stderr().stream().anyMatch(line -> line.contains("every request finished")), app::output);
    }

    @Test
    void theDrainDelayEndsByItselfThenTheRequestInFlightFinishesAndTheProcessExits0() throws Exception {
        start("--drain_delay=3s");
        CompletableFuture<HttpResponse<String>> slow = app.longInFlight(WAIT);

        app.signal("TERM");
        app.awaitLog("Stopping: /_gale/ready answers 503", WAIT);
        app.awaitLog("requests in flight", WAIT);
        assertTrue(app.awaitRefused(WAIT), "the port still accepts connections after the drain delay");
        HttpResponse<String> response = slow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(0, app.awaitExit(WAIT), app::output);
    }

    @Test
    void aStoppingGroupFailsReadinessOnEveryProcessWhileItServes() throws Exception {
        start("--processes=2", LONG_DELAY);
        int port = app.base().getPort();
        List<Long> children = app.status().pids();

        app.signal("TERM");
        app.awaitLog("Stopping: /_gale/ready answers 503 on 2 processes", WAIT);
        app.awaitLogCount("Not ready: /_gale/ready answers 503", 2, WAIT);
        // SO_REUSEPORT spreads new connections over both processes: every one of them must say 503, and serve.
        for (int i = 0; i < 20; i++) {
            RawHttp.Response ready = fresh(port, "/_gale/ready");
            assertEquals(503, ready.status(), ready.body());
            assertEquals(200, fresh(port, "/").status());
        }
        assertEquals(children, app.status().pids());

        app.signal("TERM");
        assertEquals(0, app.awaitExit(WAIT), app::output);
        assertTrue(app.awaitRefused(WAIT), "the port still accepts connections after the group exited");
    }

    @Test
    void aRollingRestartNeverAnswersReadinessWith503() throws Exception {
        start("--processes=2", LONG_DELAY);
        int port = app.base().getPort();
        List<Long> before = app.status().pids();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    statuses.merge(fresh(port, "/_gale/ready").status(), 1, Integer::sum);
                    Thread.sleep(5);
                } catch (IOException e) {
                    // a connection queued at a process that closed its listener: not a readiness answer
                    statuses.merge(0, 1, Integer::sum);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.start();
        try {
            app.signal("HUP");
            app.awaitLog("Rolling restart done", WAIT);
        } finally {
            polling.set(false);
            poller.join();
        }

        Map<Integer, Integer> seen = new TreeMap<>(statuses);
        assertEquals(0, seen.getOrDefault(503, 0), "readiness answers during the restart: " + seen);
        assertTrue(seen.getOrDefault(200, 0) > 0, "no readiness answer during the restart: " + seen);
        List<Long> after = app.status().pids();
        assertTrue(after.stream().noneMatch(before::contains), before + " -> " + after);
        assertEquals(200, fresh(port, "/_gale/ready").status());
    }

    /** {@code GET path} on a new connection, as a balancer's health check or a new client opens one. */
    private static RawHttp.Response fresh(int port, String path) throws IOException {
        return RawHttp.get("127.0.0.1", port, path);
    }

    /** The body of {@code /_gale/status} of the single launcher, from its loopback admin port. */
    private String status() throws IOException {
        return fresh(app.adminPorts().get(0), "/_gale/status").body();
    }
}
