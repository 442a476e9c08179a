package dev.gale.launcher;

import dev.gale.filters.AccessLogFilter;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

/**
 * The launcher's access log: Jetty calls it once each response is complete, so the line costs the request nothing
 * before its last byte, and requests Jetty refuses itself (a malformed request line, say) are logged too. The lines
 * are {@link AccessLogFilter}'s, timed from the request's arrival; the readiness probe and the admin connector are left out.
 */
final class AccessLog implements RequestLog {
    private final Connector admin;

    AccessLog(Connector admin) {
        this.admin = admin;
    }

    @Override
    public void log(Request request, Response response) {
        HttpURI uri = request.getHttpURI();
        if (request.getConnectionMetaData().getConnector() == admin || AdminHandler.READY_PATH.equals(uri.getPath())) {
            return;
        }
        AccessLogFilter.log(response.getStatus(), request.getMethod(), uri.getPath(), uri.getQuery(),
                Request.getRemoteAddr(request), NanoTime.since(request.getBeginNanoTime()));
    }
}
