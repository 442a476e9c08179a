import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load of the rolling-restart benchmark: CONNECTIONS clients on keep-alive HTTP/1.1 connections, each sending
 * {@code GET /} or (LONG_PERCENT of the time) {@code GET /long} and the next request as soon as a response is read,
 * until STOP_FILE exists or MAX_SECONDS pass. Nothing is retried: a refused connect, a reset, a connection closed
 * before the whole response, a timeout (30 s) or a status other than 2xx is one failed request, as wrk counts them.
 * A client whose response says {@code Connection: close} opens a new connection for its next request.
 *
 * <p>Writes OUT.summary (key=value) and OUT.timeline.csv (per 250 ms: requests finished, failed, p50, p99 and max
 * latency in ms), and prints the summary.
 *
 * <pre>java RollingLoad URL CONNECTIONS LONG_PERCENT MAX_SECONDS STOP_FILE OUT</pre>
 */
public final class RollingLoad {
    private static final int TIMEOUT_MS = 30_000;
    private static final long BUCKET_MS = 250;
    private static final String[] KINDS = {"ok", "connect", "reset", "closed", "timeout", "status", "io"};

    /** One client's results: start (ms since the run began), latency (µs), outcome kind and path, per request. */
    private static final class Records {
        long[] start = new long[1024];
        int[] latency = new int[1024];
        byte[] kind = new byte[1024];
        boolean[] isLong = new boolean[1024];
        int size;

        void add(long startMs, long latencyMicros, int kindIndex, boolean longPath) {
            if (size == start.length) {
                int grown = size * 2;
                start = Arrays.copyOf(start, grown);
                latency = Arrays.copyOf(latency, grown);
                kind = Arrays.copyOf(kind, grown);
                isLong = Arrays.copyOf(isLong, grown);
            }
            start[size] = startMs;
            latency[size] = (int) Math.min(Integer.MAX_VALUE, latencyMicros);
            kind[size] = (byte) kindIndex;
            isLong[size] = longPath;
            size++;
        }
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        int longPercent = Integer.parseInt(args[2]);
        long maxMillis = Long.parseLong(args[3]) * 1000;
        Path stopFile = Path.of(args[4]);
        String out = args[5];
        String host = url.getHost();
        int port = url.getPort();

        long began = System.currentTimeMillis();
        long beganNanos = System.nanoTime();
        List<Records> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        boolean[] stop = {false};
        for (int i = 0; i < connections; i++) {
            Records records = new Records();
            all.add(records);
            Thread thread = new Thread(null, () -> client(host, port, longPercent, beganNanos, records, stop),
                    "client-" + i, 256 * 1024);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        while (!Files.exists(stopFile) && System.currentTimeMillis() - began < maxMillis) {
            Thread.sleep(50);
        }
        synchronized (stop) {
            stop[0] = true;
        }
        for (Thread thread : threads) {
            thread.join(TIMEOUT_MS + 5000);
        }
        report(all, began, out);
    }

    private static boolean stopped(boolean[] stop) {
        synchronized (stop) {
            return stop[0];
        }
    }

    private static void client(String host, int port, int longPercent, long beganNanos, Records records,
            boolean[] stop) {
        Socket socket = null;
        InputStream in = null;
        OutputStream outStream = null;
        byte[] slash = ("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] slow = ("GET /long HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (!stopped(stop)) {
            boolean longPath = ThreadLocalRandom.current().nextInt(100) < longPercent;
            long started = System.nanoTime();
            int kind;
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setSoTimeout(TIMEOUT_MS);
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                    in = new BufferedInputStream(socket.getInputStream());
                    outStream = socket.getOutputStream();
                }
                outStream.write(longPath ? slow : slash);
                outStream.flush();
                int[] status = {0};
                boolean keepAlive = readResponse(in, status);
                kind = status[0] >= 200 && status[0] < 300 ? 0 : 5;
                if (!keepAlive) {
                    socket.close();
                    socket = null;
                }
            } catch (ConnectException e) {
                kind = 1;
                socket = closeQuietly(socket);
            } catch (SocketTimeoutException e) {
                kind = 4;
                socket = closeQuietly(socket);
            } catch (EndOfResponse e) {
                kind = 3;
                socket = closeQuietly(socket);
            } catch (SocketException e) {
                kind = e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset") ? 2 : 6;
                socket = closeQuietly(socket);
            } catch (IOException e) {
                kind = 6;
                socket = closeQuietly(socket);
            }
            long now = System.nanoTime();
            records.add((started - beganNanos) / 1_000_000, (now - started) / 1000, kind, longPath);
            if (kind == 1) {
                // Nothing listens: do not spin on refused connects.
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        closeQuietly(socket);
    }

    private static Socket closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        return null;
    }

    /** The connection ended before a whole response. */
    private static final class EndOfResponse extends IOException {
        private static final long serialVersionUID = 1L;

        EndOfResponse(String message) {
            super(message);
        }
    }

    /** Reads one response; returns whether the connection may carry another request. */
    private static boolean readResponse(InputStream in, int[] status) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new EndOfResponse("not a status line: " + statusLine);
        }
        status[0] = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = parts[0].equals("HTTP/1.0");
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> close = value.contains("close") || close && !value.contains("keep-alive");
                default -> { }
            }
        }
        if (chunked) {
            for (long size; (size = Long.parseLong(line(in).split(";")[0].trim(), 16)) > 0; ) {
                skip(in, size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers are not used
            }
        } else if (length >= 0) {
            skip(in, length);
        } else {
            while (in.read() >= 0) {
                // the body ends with the connection
            }
            return false;
        }
        return !close;
    }

    private static void skip(InputStream in, long count) throws IOException {
        for (long left = count; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EndOfResponse("body cut after " + (count - left) + " of " + count + " bytes");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EndOfResponse("connection closed");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static void report(List<Records> all, long began, String out) throws IOException {
        int total = all.stream().mapToInt(r -> r.size).sum();
        long[] byKind = new long[KINDS.length];
        long longSent = 0;
        long longCut = 0;
        long lastMs = 0;
        int[] latencies = new int[total];
        int at = 0;
        for (Records r : all) {
            for (int i = 0; i < r.size; i++) {
                byKind[r.kind[i]]++;
                if (r.isLong[i]) {
                    longSent++;
                    if (r.kind[i] != 0) {
                        longCut++;
                    }
                }
                latencies[at++] = r.latency[i];
                lastMs = Math.max(lastMs, r.start[i] + r.latency[i] / 1000);
            }
        }
        Arrays.sort(latencies);
        int buckets = (int) (lastMs / BUCKET_MS) + 1;
        List<List<Integer>> bucketLatency = new ArrayList<>();
        long[] bucketFailed = new long[buckets];
        for (int b = 0; b < buckets; b++) {
            bucketLatency.add(new ArrayList<>());
        }
        for (Records r : all) {
            for (int i = 0; i < r.size; i++) {
                int b = (int) ((r.start[i] + r.latency[i] / 1000) / BUCKET_MS);
                if (r.kind[i] == 0) {
                    bucketLatency.get(b).add(r.latency[i]);
                } else {
                    bucketFailed[b]++;
                }
            }
        }
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".timeline.csv")))) {
            csv.println("# seconds requests failed p50_ms p99_ms max_ms");
            for (int b = 0; b < buckets; b++) {
                List<Integer> l = bucketLatency.get(b);
                l.sort(null);
                csv.printf(Locale.ROOT, "%.2f %d %d %.2f %.2f %.2f%n", b * BUCKET_MS / 1000.0, l.size() + bucketFailed[b],
                        bucketFailed[b], percentile(l, 50), percentile(l, 99), l.isEmpty() ? 0 : l.get(l.size() - 1) / 1000.0);
            }
        }
        long failed = total - byKind[0];
        StringBuilder summary = new StringBuilder();
        summary.append("start_epoch_ms=").append(began).append('\n');
        summary.append("sent=").append(total).append('\n');
        summary.append("succeeded=").append(byKind[0]).append('\n');
        summary.append("failed=").append(failed).append('\n');
        for (int k = 1; k < KINDS.length; k++) {
            summary.append("failed_").append(KINDS[k]).append('=').append(byKind[k]).append('\n');
        }
        summary.append("long_sent=").append(longSent).append('\n');
        summary.append("long_cut=").append(longCut).append('\n');
        summary.append(String.format(Locale.ROOT, "p50_ms=%.2f%np99_ms=%.2f%nmax_ms=%.2f%n",
                at(latencies, 50), at(latencies, 99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0));
        Files.writeString(Path.of(out + ".summary"), summary);
        System.out.print(summary);
    }

    private static double percentile(List<Integer> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }

    private static double at(int[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1))] / 1000.0;
    }
}
