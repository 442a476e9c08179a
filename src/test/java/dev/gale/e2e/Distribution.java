package dev.gale.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A servlet container distribution, unpacked once and shared read-only; each run gets a base directory of its own
 * (Tomcat's CATALINA_BASE, Jetty's jetty.base), laid out as the container's documentation says.
 */
interface Distribution {
    /** A short name for directories and messages: {@code tomcat}, {@code jetty-home}. */
    String name();

    /** What the container calls itself (its name and version), which no page of the application may show. */
    List<String> selfNames();

    /** Makes {@code base} a configuration of its own, serving HTTP on 127.0.0.1:{@code port} only. */
    void prepareBase(Path base, int port) throws IOException, InterruptedException;

    /** Puts {@code war} into {@code base} as {@code deployment} says, with its context parameters. */
    void deploy(Path base, Path war, Deployment deployment) throws IOException;

    /** The command that runs the container on {@code base} in the foreground. */
    ProcessBuilder command(Path base);
}
