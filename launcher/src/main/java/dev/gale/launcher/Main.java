package dev.gale.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import dev.gale.launcher.config.ConfigCommand;
import org.eclipse.jetty.logging.JettyLoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar launcher.jar}: serves the application found on the class path (the demo, in Gale's own
 * launcher.jar) on port 8888, or as the options say. Exit status 2 for a bad option, 1 when the server cannot start.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Starts the server and returns 0, or prints why it cannot and returns the exit status. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("config")) {
            return ConfigCommand.run(Arrays.asList(args).subList(1, args.length), out, err);
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(Arrays.asList(args), environment);
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        }
        if (options.helpRequested()) {
            out.print(LauncherOptions.helpText());
            return 0;
        }
        setLogLevel(options.logging());
        boolean randomSecret = options.generateSecretIfMissing();
        try {
            Optional<Path> webroot = options.webroot().isPresent() ? options.webroot() : WebRoot.unpack();
            GaleServer server = new GaleServer(options, webroot);
            server.start();
            if (randomSecret) {
                LoggerFactory.getLogger("gale.general").warn("No --cookie_secret or COOKIE_SECRET given: signing "
                        + "cookies with a random secret for this run; logins will not survive a restart");
            }
            out.println("Gale ready on " + server.url());
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("error: cannot unpack the web root: " + e.getMessage());
            return StartupException.FAILURE;
        } catch (StartupException e) {
            err.println("error: " + e.getMessage());
            return e.exitStatus();
        }
    }

    private static void setLogLevel(String level) {
        String jettyLevel = switch (level) {
            case "debug" -> "DEBUG";
            case "warning" -> "WARN";
            case "error" -> "ERROR";
            case "none" -> "OFF";
            default -> "INFO";
        };
        if (LoggerFactory.getILoggerFactory() instanceof JettyLoggerFactory factory) {
            factory.setLoggerLevel("gale", jettyLevel);
        }
    }
}
