import org.eclipse.jetty.ee10.servlet.ResourceServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The peer for the static-file benchmark: Jetty's own ResourceServlet on the same Jetty as launcher.jar, configured
 * as the launcher configures its server, serving DIRECTORY under /static/ with its in-memory content cache on (the
 * limits Gale uses: files up to 256 KiB, 64 MiB in all), ETags, and the ten-year Cache-Control Gale sends for a
 * versioned URL. Run with launcher.jar on the class path: {@code JettyResourceServlet PORT DIRECTORY}.
 */
public final class JettyResourceServlet {
    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("resource");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder files = new ServletHolder("static", ResourceServlet.class);
        files.setInitParameter("baseResource", args[1]);
        files.setInitParameter("pathInfoOnly", "true");
        files.setInitParameter("dirAllowed", "false");
        files.setInitParameter("etags", "true");
        files.setInitParameter("acceptRanges", "true");
        files.setInitParameter("cacheControl", "max-age=315360000, public, immutable");
        files.setInitParameter("maxCachedFileSize", Integer.toString(256 * 1024));
        files.setInitParameter("maxCacheSize", Integer.toString(64 * 1024 * 1024));
        files.setInitParameter("maxCachedFiles", "2048");
        context.addServlet(files, "/static/*");
        server.setHandler(context);
        server.start();
        System.out.println("Jetty ResourceServlet ready on http://localhost:" + connector.getLocalPort() + "/static/");
    }
}
