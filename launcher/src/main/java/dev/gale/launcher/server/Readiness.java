package dev.gale.launcher.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the process asks for new traffic. Once withdrawn, {@code /_gale/ready} answers 503 while the listener may
 * still be open, so balancers and Kubernetes stop sending before connections are refused; the drain delay that
 * follows can be ended early.
 */
final class Readiness {
    private final CompletableFuture<Void> delayEnded = new CompletableFuture<>();
    private volatile boolean withdrawn;

    /** From now on {@code /_gale/ready} answers 503 and {@code /_gale/status} says stopping. */
    void withdraw() {
        withdrawn = true;
    }

    boolean withdrawn() {
        return withdrawn;
    }

    /** Waits {@code delay}, or less when {@link #endDelay} is called meanwhile or was already. */
    void awaitDelay(Duration delay) throws InterruptedException {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            delayEnded.get(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the delay is over
        }
    }

    /** Ends the drain delay now, or makes the next one empty. */
    void endDelay() {
        delayEnded.complete(null);
    }
}
