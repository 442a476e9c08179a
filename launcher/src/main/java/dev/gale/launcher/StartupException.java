package dev.gale.launcher;

/** A start-up failure with the exit status and the one line to print for it. */
final class StartupException extends Exception {
    /** Bad command line, option value or config file. */
    static final int USAGE = 2;
    /** The server could not start: port in use, application failed. */
    static final int FAILURE = 1;

    private final int exitStatus;

    StartupException(int exitStatus, String message) {
        super(message, null, false, false);
        this.exitStatus = exitStatus;
    }

    static StartupException usage(String message) {
        return new StartupException(USAGE, message);
    }

    int exitStatus() {
        return exitStatus;
    }
}
