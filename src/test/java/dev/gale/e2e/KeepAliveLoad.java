package dev.gale.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * A bounded load of clients that never retry: {@code connections} raw sockets, each sending {@code GET path} on its
 * kept-alive connection as soon as the last response is read, and opening a new connection only after a response
 * that says {@code Connection: close}. A request that gets no whole response (the connection closed or reset under
 * it, a refused connect, a timeout) or a status other than 200 is one failure, as a client without the retry of
 * RFC 9112 section 9.3.1 (Python's http.client, many load generators) sees it.
 */
final class KeepAliveLoad extends ClientLoad {
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private KeepAliveLoad(int port, String path, int connections) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        startClients(connections, "keep-alive-load", () -> {
            RawHttp.Connection connection = null;
            while (running(deadline)) {
                try {
                    if (connection == null) {
                        connection = new RawHttp.Connection(port);
                    }
                    RawHttp.Response response = connection.get(path);
                    if (response.status() == 200) {
                        succeed();
                    } else {
                        fail(response.status() + " " + response.body());
                    }
                    if (response.header("Connection")
                            .orElse("")
                            .toLowerCase(Locale.ROOT)
                            .equals("close")) {
                        connection.close();
                        connection = null;
                    }
                } catch (IOException e) {
                    fail(e.toString());
                    connection = closeQuietly(connection);
                }
            }
            closeQuietly(connection);
        });
    }

    /** Starts {@code connections} clients sending {@code GET path} to {@code 127.0.0.1:port}. */
    static KeepAliveLoad start(int port, String path, int connections) {
        return new KeepAliveLoad(port, path, connections);
    }

    private static RawHttp.Connection closeQuietly(RawHttp.Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        return null;
    }
}
