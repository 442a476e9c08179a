package dev.gale.launcher.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many connections the kernel may queue on the listening socket before the server accepts them. Jetty's default
 * is Java's, 50: during a rolling restart one process takes the connections of two, and a burst above 50 is refused
 * or dropped, so the default here is the most the system allows.
 */
public final class AcceptBacklog {
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");
    /** Linux's own default for {@code net.core.somaxconn} since 5.4, for systems that do not say theirs. */
    private static final int USUAL_MAXIMUM = 4096;

    private AcceptBacklog() {}

    /** This system's {@code net.core.somaxconn}, which the kernel caps every backlog at; 4096 when unknown. */
    public static int systemMaximum() {
        // Read to the end rather than by the size the file reports: a /proc file may report too few bytes.
        try (InputStream in = Files.newInputStream(SOMAXCONN)) {
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return USUAL_MAXIMUM;
        }
    }
}
