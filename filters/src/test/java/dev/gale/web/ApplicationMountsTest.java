package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Applications mounted under prefixes, as Tornado nests them with {@code Rule(PathMatches(...), app)}: declared on the
 * builder, and refused with one line by a container that gives Gale a single servlet context, as a WAR's does.
 */
class ApplicationMountsTest {
    public static final class Hello extends RequestHandler {
        @Override
        protected void get() {
            write("hello");
        }
    }

    private static Application one() {
        return Application.builder().route("/", Hello.class).build();
    }

    @Test
    void theMountsAreKeptByPrefixInTheOrderGiven() {
        Application chat = one();
        Application blog = one();
        Application site =
                Application.builder().mount("/chat", chat).mount("/blog", blog).build();
        assertEquals(List.of("/chat", "/blog"), List.copyOf(site.mounts().keySet()));
        assertTrue(site.mounts().get("/chat") == chat && site.mounts().get("/blog") == blog);
        assertEquals(site.mounts(), site.withSettings(Settings.empty()).mounts());
    }

    @Test
    void aPrefixMustBeOneNameUnderTheRootAndFree() {
        for (String prefix : new String[] {"/", "", "chat", "/chat/", "//chat"}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> Application.builder().mount(prefix, one()));
            assertTrue(e.getMessage().contains("such as /chat"), e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> Application.builder().mount("/chat", one()).mount("/chat", one()));
        assertEquals("Two applications are mounted at /chat", twice.getMessage());
    }

    @Test
    void aMountedApplicationMountsNothingItself() {
        Application nested = Application.builder().mount("/inner", one()).build();
        assertThrows(IllegalArgumentException.class, () -> Application.builder().mount("/outer", nested));
    }

    @Test
    void oneServletContextRefusesAnApplicationThatMountsOthers() {
        Application site = Application.builder()
                .route("/", Hello.class)
                .mount("/chat", one())
                .build();
        try (TestServer server = TestServer.builder().application(site).start()) {
            assertFalse(server.contextAvailable());
            String failure = String.valueOf(server.startFailure());
            assertTrue(
                    failure.contains("the application mounts others at /chat, which needs a servlet context each: "
                            + "run it with the launcher, or deploy each application as a WAR of its own"),
                    failure);
            assertFalse(server.get("/").body().contains("hello"));
        }
    }
}
