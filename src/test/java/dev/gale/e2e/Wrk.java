package dev.gale.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk run from a host of a {@link TestNetwork}: keep-alive connections that send {@code GET} as fast as they are
 * answered, and what its summary says (requests, responses other than 2xx and 3xx, socket errors, latency
 * percentiles). Each connection waits up to 30 s for an answer, so a slow response is counted as slow, not lost.
 */
final class Wrk implements AutoCloseable {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern PERCENTILE =
            Pattern.compile("^\\s*(50|99)(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    /** What one run counted; {@code failed} is every request without a 2xx or 3xx answer. */
    record Summary(long requests, long non2xx, long socketErrors, double p50Millis, double p99Millis, String text) {
        long failed() {
            return non2xx + socketErrors;
        }

        @Override
        public String toString() {
            return String.format(
                    "%d requests, %d failed (%d non-2xx, %d socket errors), p50 %.2f ms, p99 %.2f ms",
                    requests, failed(), non2xx, socketErrors, p50Millis, p99Millis);
        }
    }

    private final Process process;
    private final Path output;

    private Wrk(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts wrk on {@code host} against {@code url} with {@code connections}; it runs until {@link #stop()}. */
    static Wrk start(TestNetwork.Host host, String url, int connections) throws IOException {
        return start(host, url, connections, Duration.ofMinutes(10));
    }

    private static Wrk start(TestNetwork.Host host, String url, int connections, Duration duration) throws IOException {
        Path output = Files.createTempFile("gale-e2e-wrk", ".txt");
        List<String> command = new ArrayList<>(List.of(
                ProxyProcess.binary("wrk"),
                "-t2",
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                "--timeout",
                "30s",
                "--latency",
                url));
        Process process = new ProcessBuilder(host.exec(command))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new Wrk(process, output);
    }

    /** Runs wrk for {@code duration} and returns its summary. */
    static Summary run(TestNetwork.Host host, String url, int connections, Duration duration) throws Exception {
        try (Wrk wrk = start(host, url, connections, duration)) {
            return wrk.summary(duration.plusSeconds(30));
        }
    }

    /** Stops wrk as Ctrl-C does (it then prints its summary) and returns the summary. */
    Summary stop() throws Exception {
        // ip netns exec execs wrk: the pid is wrk's own.
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        return summary(Duration.ofSeconds(30));
    }

    private Summary summary(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("wrk did not finish: " + Files.readString(output));
        }
        String text = Files.readString(output);
        Matcher requests = REQUESTS.matcher(text);
        if (!requests.find()) {
            throw new AssertionError("wrk printed no summary: " + text);
        }
        Matcher non2xx = NON_2XX.matcher(text);
        Matcher errors = SOCKET_ERRORS.matcher(text);
        long socketErrors = 0;
        if (errors.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(errors.group(group));
            }
        }
        double[] percentiles = new double[2];
        Matcher percentile = PERCENTILE.matcher(text);
        while (percentile.find()) {
            double value = Double.parseDouble(percentile.group(2));
            double millis = switch (percentile.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            };
            percentiles[percentile.group(1).equals("50") ? 0 : 1] = millis;
        }
        return new Summary(
                Long.parseLong(requests.group(1)),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
                socketErrors,
                percentiles[0],
                percentiles[1],
                text);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(output);
    }
}
