package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Services on the application: reached from handlers, opened at start with the final settings, closed at stop. */
class ApplicationServicesTest {
    static final Setting<String> GREETING = Setting.string("greeting", "hello", "What the greeter says");

    /** A stand-in for a connection pool: says what happens to it. */
    record Greeter(String greeting, List<String> events) implements AutoCloseable {
        @Override
        public void close() {
            events.add("closed " + greeting);
        }
    }

    record Counter(List<String> events) implements AutoCloseable {
        @Override
        public void close() {
            events.add("closed counter");
        }
    }

    public static final class GreetHandler extends RequestHandler {
        @Override
        protected void get() {
            write(application().service(Greeter.class).greeting() + " "
                    + application().service(Counter.class).events().size());
        }
    }

    public static final class MissingHandler extends RequestHandler {
        @Override
        protected void get() {
            application().service(String.class);
        }
    }

    private static Application application(List<String> events) {
        return Application.builder()
                .route("/greet", GreetHandler.class)
                .route("/missing", MissingHandler.class)
                .service(Counter.class, new Counter(events))
                .openService(Greeter.class, settings -> {
                    events.add("opened " + settings.get(GREETING));
                    return new Greeter(settings.get(GREETING), events);
                })
                .onStart(app -> events.add("started"))
                .onStop(app ->
                        events.add("stopping with " + app.service(Greeter.class).greeting()))
                .build();
    }

    @Test
    void handlersReachTheServicesThatOpenWithTheFinalSettingsAndCloseOnceInReverseAtStop() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        TestServer server = TestServer.start(
                application(events).withSettings(Settings.empty().with(GREETING, "bonjour")));
        try {
            assertEquals(List.of("opened bonjour", "started"), events);
            HttpResponse<String> response = server.get("/greet");
            assertEquals(200, response.statusCode());
            assertEquals("bonjour 2", response.body());
        } finally {
            server.close();
        }
        assertEquals(
                List.of("opened bonjour", "started", "stopping with bonjour", "closed bonjour", "closed counter"),
                events);
    }

    @Test
    void aServiceNobodyGaveIsAServerError() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (TestServer server = TestServer.start(application(events))) {
            HttpResponse<String> response = server.get("/missing");
            assertEquals(500, response.statusCode());
            assertFalse(response.body().contains("java.lang.String"), response.body());
        }
    }

    @Test
    void aServiceThatCannotOpenFailsTheStartAndClosesWhatWasOpened() {
        List<String> events = new CopyOnWriteArrayList<>();
        Application failing = Application.builder()
                .service(Counter.class, new Counter(events))
                .openService(Greeter.class, settings -> {
                    throw new IllegalStateException("the database is down");
                })
                .build();
        try (TestServer server = TestServer.builder().application(failing).start()) {
            assertFalse(server.contextAvailable());
            assertTrue(
                    String.valueOf(server.startFailure())
                            .contains(
                                    "Gale cannot start: service dev.gale.web.ApplicationServicesTest$Greeter: the database is down"),
                    String.valueOf(server.startFailure()));
        }
        assertEquals(List.of("closed counter"), events);
    }
}
