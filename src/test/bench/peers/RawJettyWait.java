import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The raw Jetty peer of the waiting benchmark: a plain servlet on the same Jetty as launcher.jar that blocks 50 ms
 * in {@code GET /wait}, then answers. {@code RawJettyWait PORT virtual} runs requests on virtual threads (Java 21+),
 * as the launcher's {@code --virtual_threads} does; otherwise on Jetty's default pool of 200 threads.
 */
public final class RawJettyWait {
    private static final byte[] WAITED = "waited".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("raw");
        if (args.length > 1 && args[1].equals("virtual")) {
            threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("raw-virtual"));
        }
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(Integer.parseInt(args[0]));
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    response.sendError(503);
                    return;
                }
                response.setContentType("text/plain; charset=UTF-8");
                response.setContentLength(WAITED.length);
                response.getOutputStream().write(WAITED);
            }
        }, "/*");
        server.setHandler(context);
        server.start();
        System.out.println("Raw Jetty ready on http://localhost:" + connector.getLocalPort() + "/");
    }
}
