package ${package};

import dev.gale.web.Application;
import dev.gale.web.ApplicationProvider;
import dev.gale.web.Settings;
import java.util.Map;

/**
 * Creates the application: its settings and routes. A container finds this class through
 * {@code META-INF/services/dev.gale.web.ApplicationProvider}.
 */
public final class App implements ApplicationProvider {
    @Override
    public Application create() {
        Map<String, Object> notes = Map.of(Notes.class.getName(), new Notes());
        return Application.builder()
                .setting(Settings.STATIC_PATH, "static")
                .setting(Settings.TEMPLATE_PATH, "/WEB-INF/templates")
                .setting(Settings.TRANSLATIONS_PATH, "/WEB-INF/locale")
                .setting(Settings.XSRF_COOKIES, true)
                .route("/", HomeHandler.class, notes, "home")
                .route("/notes", NewNoteHandler.class, notes, "new_note")
                .route("/api/notes/(?<id>[0-9]{1,9})", NoteJsonHandler.class, notes, "note")
                .build();
    }
}
