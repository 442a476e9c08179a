package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.servlet.GaleInitializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a container does around Gale, set up in Jetty as Tomcat does it: the context root without its slash reaches
 * the servlet (Jetty redirects it first unless told not to).
 */
class ContainerEdgeCasesTest {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static Server server;
    private static URI root;

    /** GET / answers "home". */
    public static final class HomeHandler extends RequestHandler {
        @Override
        protected void get() {
            write("home");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.setAllowNullPathInContext(true);
        context.addServletContainerInitializer(
                new GaleInitializer(Application.builder().route("/", HomeHandler.class).build()));
        server.setHandler(context);
        server.start();
        root = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void contextRootWithoutItsSlashIsRedirectedWithItsQuery() throws Exception {
        HttpResponse<String> response = get("/app?a=1&b=2");
        assertEquals(301, response.statusCode());
        assertEquals("/app/?a=1&b=2", response.headers().firstValue("Location").orElse(""));
        assertEquals("", response.body());
        assertEquals("home", get("/app/").body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
