package ${package};

import dev.gale.web.HttpError;

/** {@code GET /api/notes/ID}: one note as JSON, such as {@code {"id":1,"text":"Welcome to Gale"}}. */
public final class NoteJsonHandler extends NotesHandler {
    @Override
    protected void get() {
        int id = Integer.parseInt(pathArg("id"));
        write(notes.find(id).orElseThrow(() -> new HttpError(404, "No note " + id)));
    }
}
