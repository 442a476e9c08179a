package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The listener that web-fragment.xml declares boots the application once, with or without the initializer. */
class GaleContextListenerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** The application the listener finds through the context parameter. */
    public static final class HelloApp implements ApplicationProvider {
        @Override
        public Application create() {
            return Application.builder().route("/", HelloHandler.class).build();
        }
    }

    /** GET / answers "hello". */
    public static final class HelloHandler extends RequestHandler {
        @Override
        protected void get() {
            write("hello");
        }
    }

    @Test
    void startsTheApplicationWhereNoInitializerRan() throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(GaleInitializer.APPLICATION_PARAMETER, HelloApp.class.getName());
        context.addEventListener(new GaleContextListener());
        assertServesHello(context);
    }

    @Test
    void doesNothingWhereTheInitializerAlreadyRan() throws Exception {
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(GaleInitializer.APPLICATION_PARAMETER, HelloApp.class.getName());
        context.addServletContainerInitializer(new GaleInitializer());
        context.addEventListener(new GaleContextListener());
        assertServesHello(context);
    }

    private static void assertServesHello(ServletContextHandler context) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(context);
        try {
            server.start();
            assertTrue(context.isAvailable(), "the context failed to start");
            URI root = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
            HttpResponse<String> response =
                    CLIENT.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("hello", response.body());
        } finally {
            server.stop();
        }
    }
}
