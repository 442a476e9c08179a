package ${package};

import dev.gale.web.RequestHandler;
import java.util.Map;

/** A handler of the notes: each route hands it the one {@link Notes} of the application. */
abstract class NotesHandler extends RequestHandler {
    protected Notes notes;

    @Override
    protected void initialize(Map<String, Object> args) {
        notes = (Notes) args.get(Notes.class.getName());
    }
}
