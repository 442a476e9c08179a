package dev.gale.launcher;

import dev.gale.launcher.config.ConfigCommand;
import dev.gale.launcher.process.ReloadCommand;
import dev.gale.launcher.process.RollingRestartCommand;
import dev.gale.launcher.process.StatusCommand;
import java.util.Optional;

/** What {@code COMMAND --help} prints, naming the jar that was run. */
final class CommandHelp {
    private CommandHelp() {}

    /** The help of {@code command}, or empty when it is not one. */
    static Optional<String> of(String command) {
        return Optional.ofNullable(
                switch (command) {
                    case "config" -> ConfigCommand.help();
                    case "status" -> StatusCommand.help();
                    case "reload" -> ReloadCommand.help();
                    case "rolling-restart" -> RollingRestartCommand.help();
                    default -> null;
                });
    }
}
