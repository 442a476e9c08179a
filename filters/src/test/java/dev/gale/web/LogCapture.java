package dev.gale.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.slf4j.LoggerFactory;

/**
 * Keeps a copy of what the log writes while it is open, still passing every line on to stderr: the appender of
 * jetty-slf4j-impl, the logging the tests run with, is pointed at a stream that writes to both.
 */
final class LogCapture implements AutoCloseable {
    private final StdErrAppender appender;
    private final PrintStream previous;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    LogCapture() {
        if (!(LoggerFactory.getLogger("gale.application") instanceof JettyLogger logger)
                || !(logger.getAppender() instanceof StdErrAppender stdErr)) {
            throw new IllegalStateException("the tests log through jetty-slf4j-impl's StdErrAppender");
        }
        appender = stdErr;
        previous = stdErr.getStream();
        OutputStream original = previous != null ? previous : System.err;
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                copy.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                copy.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }

            @Override
            public void flush() throws IOException {
                original.flush();
            }
        };
        appender.setStream(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /** The lines logged so far. */
    List<String> lines() {
        return copy.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() {
        appender.setStream(previous);
    }
}
