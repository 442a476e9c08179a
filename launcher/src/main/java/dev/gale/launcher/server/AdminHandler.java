package dev.gale.launcher.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The process's own endpoints. {@code /_gale/ready} answers 200 while the process serves and 503 from the moment
 * it starts to stop (its drain delay included, while it still serves), on every connector, for load balancers and
 * Kubernetes probes. {@code /_gale/status} (pid, port, uptime, requests, memory, whether it is stopping, as JSON)
 * answers only on the admin connector, which listens on loopback.
 */
final class AdminHandler extends Handler.Wrapper {
    static final String READY_PATH = "/_gale/ready";
    static final String STATUS_PATH = "/_gale/status";

    private final DrainingHandler draining;
    private final Readiness readiness;
    private final Connector admin;
    private final int port;

    AdminHandler(DrainingHandler draining, Readiness readiness, Connector admin, int port) {
        super(draining);
        this.draining = draining;
        this.readiness = readiness;
        this.admin = admin;
        this.port = port;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        boolean onAdmin = request.getConnectionMetaData().getConnector() == admin;
        if (path.equals(READY_PATH)) {
            boolean ready = isStarted() && !readiness.withdrawn();
            respond(response, callback, ready ? 200 : 503, "text/plain", ready ? "ready\n" : "stopping\n");
            return true;
        }
        if (onAdmin) {
            if (path.equals(STATUS_PATH)) {
                respond(response, callback, 200, "application/json", status());
            } else {
                respond(response, callback, 404, "text/plain", "not found\n");
            }
            return true;
        }
        return super.handle(request, response, callback);
    }

    private String status() {
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return "{\"pid\":" + ProcessHandle.current().pid() + ",\"port\":" + port + ",\"uptime_seconds\":" + uptime
                + ",\"requests_served\":" + draining.served() + ",\"requests_in_flight\":" + draining.inFlight()
                + ",\"memory_bytes\":" + residentBytes() + ",\"stopping\":" + readiness.withdrawn() + "}\n";
    }

    /** Resident memory from /proc on Linux; the heap in use elsewhere. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void respond(Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
