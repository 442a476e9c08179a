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
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The peer for the hello-world benchmark: a plain servlet on the same Jetty as launcher.jar, configured as the launcher
 * configures it, writing the same bytes with the same headers. Run with launcher.jar on the class path.
 */
public final class RawJettyHello {
    private static final byte[] HELLO = "Hello, world".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("raw");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("text/html; charset=UTF-8");
                response.setContentLength(HELLO.length);
                response.getOutputStream().write(HELLO);
            }
        }, "/*");
        server.setHandler(context);
        server.start();
        System.out.println("Raw Jetty ready on http://localhost:" + connector.getLocalPort() + "/");
    }
}
