package ${package};

import java.util.Map;

/** {@code GET /}: the notes and a form to add one, from {@code WEB-INF/templates/home.mustache}, translated. */
public final class HomeHandler extends NotesHandler {
    @Override
    protected void get() {
        render("home.mustache", Map.of("notes", notes.all()));
    }
}
