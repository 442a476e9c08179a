package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Options an application declares, set by context parameters as Gale's own settings are. */
class ApplicationOptionsTest {
    static final Setting<String> DATA_DIR = Setting.string("data_dir", "/var/lib/app", "Where the data lives");
    static final Setting<Integer> WORKERS = Setting.integer("workers", 4, "Worker threads");

    public static final class DataHandler extends RequestHandler {
        @Override
        protected void get() {
            write(settings().get(DATA_DIR) + " " + settings().get(WORKERS));
        }
    }

    private static Application application() {
        return Application.builder()
                .route("/data", DataHandler.class)
                .option(DATA_DIR)
                .option(WORKERS)
                .build();
    }

    @Test
    void handlersReadTheDefaultsAndTheValuesOfContextParameters() {
        try (TestServer plain = TestServer.start(application())) {
            assertEquals("/var/lib/app 4", plain.get("/data").body());
        }
        try (TestServer set = TestServer.builder()
                .application(application())
                .initParameter("data_dir", "/srv")
                .initParameter("workers", "8")
                .startOrThrow()) {
            assertEquals("/srv 8", set.get("/data").body());
        }
    }

    @Test
    void aBadValueFailsTheStartNamingTheOption() {
        try (TestServer server = TestServer.builder()
                .application(application())
                .initParameter("workers", "many")
                .start()) {
            assertFalse(server.contextAvailable());
            assertTrue(
                    String.valueOf(server.startFailure())
                            .contains("Gale cannot start: setting workers: \"many\" is not an integer"),
                    String.valueOf(server.startFailure()));
        }
    }

    @Test
    void anOptionMayNotTakeTheNameOfAnother() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Application.builder().option(Setting.flag("debug", false, "mine")));
        assertThrows(
                IllegalArgumentException.class,
                () -> Application.builder().option(DATA_DIR).option(DATA_DIR));
    }
}
