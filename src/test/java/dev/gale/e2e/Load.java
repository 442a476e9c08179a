package dev.gale.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load: {@code threads} clients sending {@code GET path} one after another over keep-alive connections,
 * as a busy site's visitors would, until {@link #close()} or a time limit. Counts what succeeded (200) and what
 * failed (another status, a reset, a timeout), and which processes answered when the body is a pid. Like a browser,
 * it sends a GET again when an idle kept-alive connection was closed under it before any answer.
 */
final class Load extends ClientLoad {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    private final ConcurrentHashMap<String, AtomicLong> bodies = new ConcurrentHashMap<>();

    private Load(URI url, int count) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        startClients(count, "load", () -> {
            HttpRequest request =
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build();
            while (running(deadline)) {
                try {
                    HttpResponse<String> response = sendRetryingClosedIdle(client, request);
                    if (response.statusCode() == 200) {
                        succeed();
                        bodies.computeIfAbsent(response.body(), b -> new AtomicLong())
                                .incrementAndGet();
                    } else {
                        fail(response.statusCode() + " " + response.body());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    fail(e.toString());
                }
            }
        });
    }

    /**
     * Sends a GET, and sends it again, once, on a new connection when the kept-alive one it went out on was closed
     * before a byte of the answer came back: a server may close an idle connection at any moment, and RFC 9112
     * (section 9.3.1) lets a client retry an idempotent request then, as browsers do. Any other failure counts.
     */
    private static HttpResponse<String> sendRetryingClosedIdle(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Starts {@code threads} clients on {@code url}. */
    static Load start(URI url, int threads) {
        return new Load(url, threads);
    }

    /** How many responses carried each body, such as each process's pid for {@code /long}. */
    ConcurrentHashMap<String, AtomicLong> bodies() {
        return bodies;
    }
}
