package dev.gale.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load run from a host of a {@link TestNetwork}, in a JVM of its own there ({@link #start}): keep-alive {@code GET
 * /} and {@code POST /login} (with a valid XSRF token) through a balancer, one client thread per connection, none of
 * them retrying. Unlike wrk, which never counts a request that gets no answer at all, it counts every request: when
 * stopped it sends no more and waits for those in flight, and one unanswered within the client's patience failed.
 */
final class HostLoad extends ClientLoad {
    private static final Pattern COUNTS =
            Pattern.compile("(GET|POST) (\\d+) succeeded, (\\d+) failed, (\\d+) of them timed out (.*)");

    /** What one method's requests came to; {@code timedOut} of those that failed got no answer in time. */
    record Counts(long succeeded, long failed, long timedOut, String failures) {
        @Override
        public String toString() {
            return succeeded + " succeeded, " + failed + " failed (" + timedOut + " timed out)";
        }
    }

    private final AtomicLong timedOut = new AtomicLong();

    /** What the whole load came to. */
    record Result(Counts gets, Counts posts) {}

    /** The load, running in its JVM on a host. */
    static final class Running implements AutoCloseable {
        private final Process process;

        private Running(Process process) {
            this.process = process;
        }

        /** Stops the load, waits for the requests in flight, and returns the counts. */
        Result stop() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the load did not stop");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Counts gets = null;
            Counts posts = null;
            for (String line : output.lines().toList()) {
                Matcher counts = COUNTS.matcher(line);
                if (counts.matches()) {
                    Counts parsed = new Counts(
                            Long.parseLong(counts.group(2)),
                            Long.parseLong(counts.group(3)),
                            Long.parseLong(counts.group(4)),
                            counts.group(5));
                    if (counts.group(1).equals("GET")) {
                        gets = parsed;
                    } else {
                        posts = parsed;
                    }
                }
            }
            if (gets == null || posts == null) {
                throw new AssertionError("the load printed no counts: " + output);
            }
            return new Result(gets, posts);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private HostLoad(HttpClient client, HttpRequest request, int expected, int connections, String name) {
        startClients(connections, name, () -> {
            while (running(Long.MAX_VALUE)) {
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == expected) {
                        succeed();
                    } else {
                        fail(response.statusCode() + " " + response.body());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (HttpTimeoutException e) {
                    timedOut.incrementAndGet();
                    fail(e.toString());
                } catch (IOException e) {
                    fail(e.toString());
                }
            }
        });
    }

    /**
     * Starts the load on {@code host}: {@code getConnections} clients sending {@code GET /} and
     * {@code postConnections} sending {@code POST /login} to {@code base}, each waiting {@code patience} at most.
     */
    static Running start(
            TestNetwork.Host host, String base, int getConnections, int postConnections, String xsrf, Duration patience)
            throws IOException {
        Path classes;
        try {
            classes = Path.of(HostLoad.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                // What fails is the balancer's doing: the client does not try a failed connect again itself.
                "-Djdk.httpclient.disableRetryConnect=true",
                "-cp",
                classes.toString(),
                HostLoad.class.getName(),
                base,
                String.valueOf(getConnections),
                String.valueOf(postConnections),
                xsrf,
                String.valueOf(patience.toSeconds())));
        return new Running(new ProcessBuilder(host.exec(command))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    /** Runs until its standard input ends, then prints the counts: {@code BASE GETS POSTS XSRF SECONDS}. */
    public static void main(String[] args) throws IOException {
        String base = args[0];
        Duration patience = Duration.ofSeconds(Long.parseLong(args[4]));
        HttpClient client = HttpClient.newBuilder().connectTimeout(patience).build();
        HttpRequest get =
                HttpRequest.newBuilder(URI.create(base + "/")).timeout(patience).build();
        String xsrf = args[3];
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(patience)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "_xsrf=" + xsrf)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "_xsrf=" + URLEncoder.encode(xsrf, StandardCharsets.UTF_8) + "&name=survivor"))
                .build();
        HostLoad gets = new HostLoad(client, get, 200, Integer.parseInt(args[1]), "get");
        HostLoad posts = new HostLoad(client, post, 302, Integer.parseInt(args[2]), "post");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // runs until the test closes the pipe
            }
        }
        gets.close();
        posts.close();
        System.out.println(gets.counts("GET"));
        System.out.println(posts.counts("POST"));
    }

    private String counts(String method) {
        return method + " " + succeeded() + " succeeded, " + failed() + " failed, " + timedOut + " of them timed out "
                + failures();
    }
}
