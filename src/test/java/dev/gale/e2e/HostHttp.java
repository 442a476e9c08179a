package dev.gale.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HTTP requests made from one host of a {@link TestNetwork} by curl running there, as a client on that machine
 * makes them; the response as it came over the wire ({@code --raw}), parsed by {@link RawHttp#parse}.
 */
final class HostHttp {
    private static final int MAX_SECONDS = 20;

    private HostHttp() {}

    /** {@code GET url} from {@code host} with extra header lines ({@code Name: value}). */
    static RawHttp.Response get(TestNetwork.Host host, String url, String... headerLines)
            throws IOException, InterruptedException {
        return send(host, url, null, headerLines);
    }

    /** {@code POST url} of an urlencoded {@code form} from {@code host}, with extra header lines. */
    static RawHttp.Response post(TestNetwork.Host host, String url, String form, String... headerLines)
            throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(List.of(headerLines));
        lines.add("Content-Type: application/x-www-form-urlencoded");
        return send(host, url, form, lines.toArray(String[]::new));
    }

    /**
     * curl's exit status for a {@code GET url} from {@code host}, waiting at most {@code connectSeconds} for the
     * connection: 0 when a response came, 7 when the connection was refused or the network is unreachable, 28 when
     * nothing answered in time.
     */
    static int connect(TestNetwork.Host host, String url, int connectSeconds) throws IOException, InterruptedException {
        return curl(host, List.of("--connect-timeout", String.valueOf(connectSeconds), "--output", "/dev/null", url))
                .status();
    }

    private static RawHttp.Response send(TestNetwork.Host host, String url, String form, String... headerLines)
            throws IOException, InterruptedException {
        // Expect: empty, so curl never waits for a 100 Continue that would put a second head in the output.
        List<String> arguments = new ArrayList<>(List.of("--raw", "--include", "--header", "Expect:"));
        for (String line : headerLines) {
            arguments.add("--header");
            arguments.add(line);
        }
        if (form != null) {
            arguments.add("--data-binary");
            arguments.add(form);
        }
        arguments.add(url);
        Output output = curl(host, arguments);
        if (output.status() != 0) {
            throw new AssertionError(
                    "curl " + url + " from " + host.name() + " exited " + output.status() + ": " + output.error());
        }
        return RawHttp.parse(output.response());
    }

    private record Output(int status, String response, String error) {}

    private static Output curl(TestNetwork.Host host, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProxyProcess.binary("curl"), "--silent", "--show-error", "--max-time", String.valueOf(MAX_SECONDS)));
        command.addAll(arguments);
        Path out = Files.createTempFile("gale-e2e-curl", ".out");
        Path err = Files.createTempFile("gale-e2e-curl", ".err");
        try {
            Process process = new ProcessBuilder(host.exec(command))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(MAX_SECONDS + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " in " + host.name() + " outlived its --max-time");
            }
            // ISO-8859-1 keeps each byte as one character, as RawHttp.parse expects.
            return new Output(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err).strip());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
