package dev.gale.test;

import dev.gale.web.ApplicationProvider;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serves the application for the tests of the annotated class: the server starts before the first test and stops
 * after the last; a test method or constructor asks for a {@link TestClient} (a new one, with no cookies, for each
 * test) or the {@link GaleTestServer}.
 *
 * <pre>{@code
 * @GaleTest
 * class NotesTest {
 *     @Test
 *     void listsNotes(TestClient client) {
 *         assertEquals(200, client.get("/notes").statusCode());
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(GaleExtension.class)
public @interface GaleTest {
    /**
     * The class that creates the application; by default the one the project lists in
     * {@code META-INF/services/dev.gale.web.ApplicationProvider}.
     */
    Class<? extends ApplicationProvider> application() default ApplicationProvider.class;

    /** The context path to serve at. */
    String contextPath() default "/";

    /** Settings as {@code name=value}, such as {@code "debug=true"}, overriding the application's code. */
    String[] settings() default {};
}
