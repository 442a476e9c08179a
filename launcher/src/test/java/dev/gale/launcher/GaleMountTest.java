package dev.gale.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.web.Application;
import dev.gale.web.RequestHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Gale#mount} in a Jetty server built by hand, beside a handler that has nothing to do with Gale. */
class GaleMountTest {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static Server server;
    private static URI root;

    /** A plain Jetty handler: answers "other" to everything. */
    static final class OtherHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, "other", callback);
            return true;
        }
    }

    /** GET / answers "hello from app". */
    public static final class HelloHandler extends RequestHandler {
        @Override
        protected void get() {
            write("hello from app");
        }
    }

    /** GET /go redirects to /x under the context path. */
    public static final class GoHandler extends RequestHandler {
        @Override
        protected void get() {
            redirect("/x");
        }
    }

    /** GET /fail throws. */
    public static final class FailingHandler extends RequestHandler {
        @Override
        protected void get() {
            throw new IllegalStateException("failing on purpose");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Application application = Application.builder()
                .route("/", HelloHandler.class)
                .route("/go", GoHandler.class)
                .route("/fail", FailingHandler.class)
                .build();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);

        ServletContextHandler debug = Gale.mount(application, "/debug");
        debug.setInitParameter("debug", "true");

        // The example of the README's "Mounting into your own Jetty":
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(new ContextHandler(new OtherHandler(), "/other"));
        contexts.addHandler(Gale.mount(application, "/app"));
        server.setHandler(contexts);
        contexts.addHandler(debug);
        server.start();
        root = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void theOtherHandlerAndGaleAnswerSideBySide() throws Exception {
        HttpResponse<String> other = get("/other/anything");
        assertEquals(200, other.statusCode());
        assertEquals("other", other.body());
        HttpResponse<String> app = get("/app/");
        assertEquals(200, app.statusCode());
        assertEquals("hello from app", app.body());
    }

    @Test
    void redirectsCarryTheContextPath() throws Exception {
        HttpResponse<String> response = get("/app/go");
        assertEquals(302, response.statusCode());
        assertEquals("/app/x", response.headers().firstValue("Location").orElse(""));
    }

    @Test
    void unknownPathUnderTheContextIsGales404() throws Exception {
        HttpResponse<String> response = get("/app/nope");
        assertEquals(404, response.statusCode());
        assertEquals("<html><title>404: Not Found</title><body>404: Not Found</body></html>", response.body());
    }

    @Test
    void errorsShowNoTraceUnlessTheContextSaysDebug() throws Exception {
        HttpResponse<String> plain = get("/app/fail");
        assertEquals(500, plain.statusCode());
        assertFalse(plain.body().contains("failing on purpose"), plain.body());
        HttpResponse<String> debug = get("/debug/fail");
        assertEquals(500, debug.statusCode());
        assertTrue(debug.body().contains("failing on purpose"), debug.body());
    }

    @Test
    void aContextPathMustStartWithASlashAndNotEndWithOne() {
        Application application = Application.builder().build();
        for (String bad : new String[] {"app", "/app/", "", null}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Gale.mount(application, bad));
            assertTrue(e.getMessage().contains("such as /app"), e.getMessage());
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
