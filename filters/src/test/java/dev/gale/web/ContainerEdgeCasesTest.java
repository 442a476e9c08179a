package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a container does around Gale, set up in Jetty as Tomcat does it: the context root without its slash reaches
 * the servlet (Jetty redirects it first unless told not to), and errors raised outside Gale (the container's 404 for
 * a protected path, another servlet's {@code sendError}) go to the error page that Gale's web-fragment.xml declares.
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

    /** A servlet beside Gale that refuses with the container's error page and a message it must not show. */
    static final class RefusingServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(403, "internal detail");
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
        context.setProtectedTargets(new String[] {"/WEB-INF"});
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, "/gale-error-page");
        context.setErrorHandler(errorPages);
        context.addServletContainerInitializer(new GaleInitializer(
                Application.builder().route("/", HomeHandler.class).build()));
        context.addServlet(new RefusingServlet(), "/refused");
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

    @Test
    void anErrorTheContainerRaisesGetsGalesPlainPage() throws Exception {
        HttpResponse<String> response = get("/app/WEB-INF/web.xml");
        assertEquals(404, response.statusCode());
        assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", response.body());
        assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                () -> response.headers().toString());
    }

    @Test
    void anotherServletsSendErrorKeepsItsStatusAndGetsGalesPlainPage() throws Exception {
        HttpResponse<String> response = get("/app/refused");
        assertEquals(403, response.statusCode());
        assertEquals("<html><title>403: Forbidden</title><body>403: Forbidden</body></html>", response.body());
    }

    @Test
    void theErrorPageLocationIsAnOrdinaryPathToTheApplication() throws Exception {
        HttpResponse<String> response = get("/app/gale-error-page");
        assertEquals(404, response.statusCode());
        assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
