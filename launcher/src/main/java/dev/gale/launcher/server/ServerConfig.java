package dev.gale.launcher.server;

import dev.gale.internal.filters.ForwardedRule;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link GaleServer} is built from, resolved from the launcher's options.
 *
 * @param address the address to bind, or empty for all interfaces
 * @param backlog the connections the kernel queues before the server accepts them
 * @param maxHeaderSize the largest request line and headers, in bytes
 * @param drainDelay how long a stopping server keeps serving with {@code /_gale/ready} at 503 before it drains
 * @param autoreload whether a reloader replaces this process when the code changes
 * @param xheaders the forwarded-headers rule when {@code --xheaders} is on
 * @param application the {@code ApplicationProvider} class to run, or empty for the one listed
 * @param applicationSettings the application's settings that were given, as text, for the context's parameters
 */
public record ServerConfig(
        String address,
        int port,
        boolean reusePort,
        int backlog,
        Duration idleTimeout,
        int maxHeaderSize,
        int maxThreads,
        boolean virtualThreads,
        Duration drainDelay,
        Duration shutdownTimeout,
        boolean autoreload,
        Optional<ForwardedRule> xheaders,
        String application,
        Map<String, String> applicationSettings) {

    public ServerConfig {
        applicationSettings = Map.copyOf(applicationSettings);
    }
}
