package ${package};

import dev.gale.web.HttpError;

/** {@code POST /notes}: adds the form's {@code text}; the {@code _xsrf} field is checked before this runs. */
public final class NewNoteHandler extends NotesHandler {
    @Override
    protected void post() {
        String text = getArgument("text").strip();
        if (text.isEmpty()) {
            throw new HttpError(400, "A note needs some text");
        }
        notes.add(text);
        redirect("/");
    }
}
