package dev.gale.launcher.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher options every generated config passes to its processes, in one order: where they listen, whose
 * forwarded headers they believe, and how they stop.
 */
final class LauncherArguments {
    private LauncherArguments() {}

    /**
     * The options, each one argument.
     *
     * @param address the address to listen on, or empty for every interface
     * @param port the port, or a placeholder such as systemd's {@code %i}
     * @param drainDelay left out when zero, the launcher's default
     */
    static List<String> of(
            String address,
            boolean xheaders,
            List<String> trustedProxies,
            String port,
            Duration drainDelay,
            Duration shutdownTimeout) {
        List<String> arguments = new ArrayList<>();
        if (!address.isEmpty()) {
            arguments.add("--address=" + address);
        }
        if (xheaders) {
            arguments.add("--xheaders");
        }
        if (!trustedProxies.isEmpty()) {
            arguments.add("--trusted_proxies=" + String.join(",", trustedProxies));
        }
        arguments.add("--port=" + port);
        if (!drainDelay.isZero()) {
            arguments.add("--drain_delay=" + format(drainDelay));
        }
        arguments.add("--shutdown_timeout=" + format(shutdownTimeout));
        return arguments;
    }

    /** {@code 10s}, or {@code 1500ms} when the duration is not whole seconds. */
    static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** Whole seconds, rounded up: what a process manager's timeout must at least allow for {@code duration}. */
    static long secondsUp(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
