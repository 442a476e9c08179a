package ${package};

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The notes, in memory: a database would take this place. */
public final class Notes {
    private final List<Note> notes = new CopyOnWriteArrayList<>(List.of(new Note(1, "Welcome to Gale")));

    /** One note; written as JSON by {@link NoteJsonHandler}. */
    public record Note(int id, String text) {}

    /** Every note, oldest first. */
    public List<Note> all() {
        return List.copyOf(notes);
    }

    /** The note numbered {@code id}, if there is one. */
    public Optional<Note> find(int id) {
        return notes.stream().filter(note -> note.id() == id).findFirst();
    }

    /** Adds a note with the next number. */
    public synchronized Note add(String text) {
        Note note = new Note(notes.size() + 1, text);
        notes.add(note);
        return note;
    }
}
