package dev.gale.launcher.process;

import dev.gale.internal.filters.ErrorPage;
import dev.gale.internal.filters.ErrorReport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * While a reloaded application cannot start, the port answers every request with a 500 page showing why (in debug
 * mode; a bare 500 otherwise), so a browser refresh shows the error instead of a refused connection.
 */
final class ErrorPageServer {
    private final Server server = new Server();

    ErrorPageServer(String host, int port, List<String> log, boolean showLog) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host.isEmpty() ? null : host);
        connector.setPort(port);
        connector.setReusePort(true);
        server.addConnector(connector);
        byte[] body = ErrorReport.failedStartHtml(log, showLog).getBytes(StandardCharsets.UTF_8);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(500);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, ErrorPage.HTML);
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
    }

    void start() throws Exception {
        server.start();
    }

    void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a page server that failed to start; nothing to undo
        }
    }
}
