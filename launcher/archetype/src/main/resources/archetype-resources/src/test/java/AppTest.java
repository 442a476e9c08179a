package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.test.GaleTest;
import dev.gale.test.TestClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The application served by Jetty on a free port, as the WAR serves it, and asked over HTTP. */
@GaleTest
class AppTest {
    @Test
    void answersANoteAsJson(TestClient client) {
        HttpResponse<String> response = client.get("/api/notes/1");

        assertEquals(200, response.statusCode());
        assertEquals("{\"id\":1,\"text\":\"Welcome to Gale\"}", response.body());
    }

    @Test
    void answersAMissingNoteWith404(TestClient client) {
        assertEquals(404, client.get("/api/notes/999").statusCode());
    }

    @Test
    void addsANoteFromTheForm(TestClient client) {
        HttpResponse<String> added = client.post("/notes", Map.of("text", "Buy milk"));

        assertEquals(302, added.statusCode());
        assertTrue(client.get("/").body().contains("Buy milk"));
    }

    @Test
    void refusesAFormWithoutTheXsrfToken(TestClient client) {
        assertEquals(403, client.withoutXsrf().post("/notes", Map.of("text", "Forged")).statusCode());
    }

    @Test
    void translatesTheHomePage(TestClient client) {
        HttpResponse<String> page = client.send(client.request("/").header("Accept-Language", "de-DE"));

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h1>Notizen</h1>"), page.body());
        assertTrue(page.body().contains("/static/css/notes.css?v="), page.body());
    }

    @Test
    void servesItsStaticFiles(TestClient client) {
        HttpResponse<String> robots = client.get("/robots.txt");

        assertEquals(200, robots.statusCode());
        assertTrue(robots.body().contains("Disallow: /api/"));
    }
}
