package dev.gale.launcher;

import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.StartupException;
import dev.gale.launcher.os.LaunchedAs;
import dev.gale.launcher.server.WebApp;
import dev.gale.web.Setting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application, found before the options are read, since its own options join Gale's in their table; or why it
 * was not found, said once the options have been checked, so a bad option is still named first.
 */
final class FoundApplication {
    private final WebApp webApp;
    private final List<Setting<?>> options;
    private final StartupException failure;

    private FoundApplication(WebApp webApp, List<Setting<?>> options, StartupException failure) {
        this.webApp = webApp;
        this.options = options;
        this.failure = failure;
    }

    /**
     * Opens the application that {@code app} (the WAR or directory given first), {@code --webroot} or the executable
     * WAR names, or the class path's, and reads its options.
     */
    static FoundApplication find(Optional<Path> app, List<String> args, Map<String, String> environment) {
        try {
            Options where = LauncherOptions.whereTheApplicationIs(args, environment);
            Optional<Path> source = app.or(() -> Optional.ofNullable(where.get(LauncherOptions.WEBROOT)))
                    .or(LaunchedAs::executableWar);
            WebApp webApp = WebApp.open(source, WebApp.parseClassPath(where.get(LauncherOptions.CLASSPATH)));
            try {
                return new FoundApplication(
                        webApp,
                        webApp.applicationOptions(
                                where.get(LauncherOptions.APPLICATION).strip()),
                        null);
            } catch (StartupException cannotBeMade) {
                if (cannotBeMade.exitStatus() != StartupException.FAILURE) {
                    throw cannotBeMade;
                }
                // The application is there but fails in create(): in debug mode the launcher still starts, to show
                // the error and reload when it is fixed; otherwise the start reports it.
                return new FoundApplication(webApp, List.of(), cannotBeMade);
            }
        } catch (StartupException e) {
            return new FoundApplication(null, List.of(), e);
        }
    }

    /** The application's own options; none when it was not found or cannot be made. */
    List<Setting<?>> options() {
        return options;
    }

    /**
     * The application, found even when it cannot be made: starting it says why.
     *
     * @throws StartupException saying why it was not found
     */
    WebApp webApp() throws StartupException {
        if (webApp == null) {
            throw failure;
        }
        return webApp;
    }

    /** Why the application was not found or cannot be made, or {@code otherwise} when neither. */
    StartupException failureOr(StartupException otherwise) {
        return failure != null ? failure : otherwise;
    }

    /** Why the application was not found, for {@code --help}; empty when it was. */
    String missing() {
        return failure == null ? "" : failure.getMessage();
    }
}
