import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Probes {@code GET /} every 200 ms, first alone, then while slow clients are connected: SLOW_BODIES connections
 * sending a 100000-byte body a byte a second (half {@code POST /login} forms, half {@code POST /upload} multipart),
 * and NON_READERS connections asking for PATH and never reading the answer. Prints one line per phase:
 * {@code PHASE probes=N failed=N p50=MS p99=MS max=MS}, a failed probe (no 200 within 5 s) counted at 5000 ms.
 *
 * <p>{@code java SlowClients PORT SLOW_BODIES NON_READERS PATH SECONDS}
 */
public final class SlowClients {
    private static final long PROBE_TIMEOUT_MS = 5000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int slowBodies = Integer.parseInt(args[1]);
        int nonReaders = Integer.parseInt(args[2]);
        String path = args[3];
        int seconds = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI probe = URI.create("http://127.0.0.1:" + port + "/");

        report("without", probe(client, probe, seconds));
        List<Socket> trickling = new ArrayList<>();
        List<Socket> all = new ArrayList<>();
        long opening = System.nanoTime();
        int failed = 0;
        for (int i = 0; i < slowBodies; i++) {
            Socket socket = open(port, i % 2 == 0 ? form() : multipart());
            if (socket == null) {
                failed++;
                continue;
            }
            trickling.add(socket);
            all.add(socket);
        }
        int bodies = all.size();
        for (int i = 0; i < nonReaders; i++) {
            Socket socket = open(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            if (socket == null) {
                failed++;
            } else {
                all.add(socket);
            }
        }
        System.out.printf("opened %d slow-body and %d non-reading connections in %d ms (%d failed to open)%n",
                bodies, all.size() - bodies, (System.nanoTime() - opening) / 1_000_000, failed);
        Thread trickle = new Thread(() -> trickle(trickling));
        trickle.setDaemon(true);
        trickle.start();
        report("with", probe(client, probe, seconds));
        long open = all.stream().filter(s -> !s.isClosed()).count();
        System.out.printf("upload after the attack: %s%n", upload(client, port));
        for (Socket socket : all) {
            socket.close();
        }
        System.out.printf("closed %d connections%n", open);
    }

    private static String form() {
        return "POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 100000\r\n\r\n_";
    }

    private static String multipart() {
        return "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
                + "Content-Length: 100000\r\n\r\n--b0undary\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"slow.bin\"\r\n\r\n";
    }

    /** A connection that has sent {@code request}, or null when it could not be opened within 10 s. */
    private static Socket open(int port, String request) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return socket;
        } catch (IOException e) {
            socket.close();
            return null;
        }
    }

    private static void trickle(List<Socket> sockets) {
        while (true) {
            for (Socket socket : sockets) {
                try {
                    socket.getOutputStream().write('x');
                } catch (IOException e) {
                    // cut by the server: nothing more to send on it
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<Long> probe(HttpClient client, URI uri, int seconds) throws InterruptedException {
        List<Long> millis = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            long took;
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMillis(PROBE_TIMEOUT_MS)).build(), HttpResponse.BodyHandlers.ofString());
                took = response.statusCode() == 200 ? (System.nanoTime() - start) / 1_000 : -1;
            } catch (IOException e) {
                took = -1;
            }
            millis.add(took);
            long left = 200 - (System.nanoTime() - start) / 1_000_000;
            if (left > 0) {
                Thread.sleep(left);
            }
        }
        return millis;
    }

    /** A 1 MB upload: its status and seconds taken. */
    private static String upload(HttpClient client, int port) {
        byte[] content = new byte[1024 * 1024];
        new java.util.Random(1).nextBytes(content);
        String head = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ok.bin\"\r\n\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.US_ASCII), content,
                "\r\n--b0undary--\r\n".getBytes(StandardCharsets.US_ASCII));
        long start = System.nanoTime();
        try {
            String xsrf = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("_xsrf="))
                    .map(c -> c.substring(6).split(";", 2)[0])
                    .findFirst().orElse("");
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/upload"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "multipart/form-data; boundary=b0undary")
                            .header("Cookie", "_xsrf=" + xsrf)
                            .header("X-XSRFToken", xsrf)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms " + response.body();
        } catch (IOException | InterruptedException e) {
            return "failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e;
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static void report(String phase, List<Long> micros) {
        List<Long> sorted = new ArrayList<>();
        int failed = 0;
        for (long m : micros) {
            if (m < 0) {
                failed++;
                sorted.add(PROBE_TIMEOUT_MS * 1000);
            } else {
                sorted.add(m);
            }
        }
        Collections.sort(sorted);
        System.out.printf("%s attack: probes=%d failed=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", phase,
                sorted.size(), failed, at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static double at(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
