package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GaleInitializerTest {
    private static final String HTML_500 =
            "<html><title>500: Internal Server Error</title><body>500: Internal Server Error"
                    + "<p>Request id: [0-9a-f]{12}</p></body></html>";

    public static final class HelloHandler extends RequestHandler {
        @Override
        protected void get() {
            write("hello from " + getClass().getSimpleName());
        }
    }

    public static final class ErrorHandler extends RequestHandler {
        @Override
        protected void get() {
            throw new IllegalStateException("kaboom in the handler");
        }
    }

    /** Found through the context parameter gale.application. */
    public static final class Provider implements ApplicationProvider {
        public Provider() {}

        @Override
        public Application create() {
            return application(Settings.empty());
        }
    }

    public static final class FailingProvider implements ApplicationProvider {
        public FailingProvider() {}

        @Override
        public Application create() {
            throw new IllegalStateException("the database is down");
        }
    }

    public static final class NotAProvider {
        public NotAProvider() {}
    }

    static Application application(Settings settings) {
        return Application.builder()
                .route("/hello", HelloHandler.class)
                .route("/error", ErrorHandler.class)
                .settings(settings)
                .build();
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .replace(" ", "")
                .toLowerCase(Locale.ROOT);
    }

    private static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                out.append(causes(s));
            }
        }
        return out.toString();
    }

    /** Asserts that the context did not start and that Gale serves nothing in it. */
    private static void assertFailedToStart(TestServer server, String expectedMessage) {
        Exception failure = server.startFailure();
        assertNotNull(failure, "starting the context threw nothing");
        assertFalse(server.contextAvailable(), "the context is available");
        assertTrue(causes(failure).contains(expectedMessage), () -> causes(failure));
        HttpResponse<String> response = server.get("/hello");
        assertTrue(
                response.statusCode() == 404 || response.statusCode() == 503,
                () -> "Jetty answers for the failed context, not Gale: " + response.statusCode() + " "
                        + response.body());
        assertFalse(response.body().contains("hello from"), response::body);
    }

    @Test
    void servesTheApplicationGivenToTheConstructor() {
        try (TestServer server = TestServer.builder()
                .initializer(new GaleInitializer(application(Settings.empty())))
                .contextPath("/app")
                .startOrThrow()) {
            HttpResponse<String> response = server.get("/hello");
            assertEquals(200, response.statusCode());
            assertEquals("hello from HelloHandler", response.body());
        }
    }

    @Test
    void applicationSettingsApplyWithoutContextParameters() {
        try (TestServer server = TestServer.start(application(Settings.empty().with(Settings.DEBUG, false)))) {
            HttpResponse<String> response = server.get("/error");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().matches(HTML_500), response::body);
        }
    }

    @Test
    void contextParameterDebugOverridesTheApplicationCode() {
        try (TestServer server = TestServer.builder()
                .application(application(Settings.empty().with(Settings.DEBUG, false)))
                .initParameter("debug", "true")
                .startOrThrow()) {
            HttpResponse<String> response = server.get("/error");
            assertEquals(500, response.statusCode());
            assertEquals("text/html;charset=utf-8", contentType(response));
            assertTrue(response.body().contains("kaboom in the handler"), response::body);
            assertTrue(response.body().contains("    at "), response::body);
        }
    }

    @Test
    void contextParameterServeTracebackFalseWinsOverCodeDebug() {
        try (TestServer server = TestServer.builder()
                .application(application(Settings.empty().with(Settings.DEBUG, true)))
                .initParameter("serve_traceback", "no")
                .startOrThrow()) {
            HttpResponse<String> response = server.get("/error");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().matches(HTML_500), response::body);
        }
    }

    @Test
    void badSettingValueFailsTheStart() {
        try (TestServer server = TestServer.builder()
                .application(application(Settings.empty()))
                .initParameter("debug", "maybe")
                .start()) {
            assertFailedToStart(server, "Gale cannot start: setting debug: \"maybe\" is not a boolean");
        }
    }

    /**
     * A {@code ServletContextHandler} has no class loader of its own unless one is set, so its
     * {@code ServletContext.getClassLoader()} is null; the provider class must still be found.
     */
    @Test
    void applicationParameterNamesTheProvider() {
        try (TestServer server = TestServer.builder()
                .initializer(new GaleInitializer())
                .initParameter(GaleInitializer.APPLICATION_PARAMETER, " " + Provider.class.getName() + " ")
                .start()) {
            assertNull(server.startFailure(), () -> "the context did not start: " + causes(server.startFailure()));
            HttpResponse<String> response = server.get("/hello");
            assertEquals(200, response.statusCode());
            assertEquals("hello from HelloHandler", response.body());
        }
    }

    @Test
    void applicationParameterNamesTheProviderInTheContextClassLoader() {
        try (TestServer server = TestServer.builder()
                .initializer(new GaleInitializer())
                .classLoader(GaleInitializerTest.class.getClassLoader())
                .initParameter(GaleInitializer.APPLICATION_PARAMETER, Provider.class.getName())
                .contextPath("/app")
                .startOrThrow()) {
            HttpResponse<String> response = server.get("/hello");
            assertEquals(200, response.statusCode());
            assertEquals("hello from HelloHandler", response.body());
        }
    }

    @Test
    void applicationParameterNamingAMissingClassFailsTheStart() {
        try (TestServer server = TestServer.builder()
                .initializer(new GaleInitializer())
                .initParameter(GaleInitializer.APPLICATION_PARAMETER, "com.example.NoSuchApplication")
                .start()) {
            assertFailedToStart(server, "Gale cannot find the application class com.example.NoSuchApplication");
        }
    }

    @Test
    void applicationParameterNamingANonProviderFailsTheStart() {
        try (TestServer server = TestServer.builder()
                .initializer(new GaleInitializer())
                .classLoader(GaleInitializerTest.class.getClassLoader())
                .initParameter(GaleInitializer.APPLICATION_PARAMETER, NotAProvider.class.getName())
                .start()) {
            assertFailedToStart(server, "it is not an ApplicationProvider");
        }
    }

    @Test
    void providerThatThrowsFailsTheStart() {
        try (TestServer server = TestServer.builder()
                .initializer(new GaleInitializer())
                .classLoader(GaleInitializerTest.class.getClassLoader())
                .initParameter(GaleInitializer.APPLICATION_PARAMETER, FailingProvider.class.getName())
                .start()) {
            assertFailedToStart(server, "Gale cannot start the application " + FailingProvider.class.getName());
            assertTrue(
                    causes(server.startFailure()).contains("the database is down"),
                    () -> causes(server.startFailure()));
        }
    }

    @Test
    void noApplicationAnywhereFailsTheStart() {
        try (TestServer server =
                TestServer.builder().initializer(new GaleInitializer()).start()) {
            assertFailedToStart(server, "Gale found no application");
        }
    }
}
