package dev.gale.launcher.options;

/** A start-up failure with the exit status and the one line to print for it. */
public final class StartupException extends Exception {
    /** Bad command line, option value or config file. */
    public static final int USAGE = 2;
    /** The server could not start: port in use, application failed. */
    public static final int FAILURE = 1;

    private final int exitStatus;

    public StartupException(int exitStatus, String message) {
        super(message, null, false, false);
        this.exitStatus = exitStatus;
    }

    /** A bad option: exit status 2. */
    public static StartupException usage(String message) {
        return new StartupException(USAGE, message);
    }

    public int exitStatus() {
        return exitStatus;
    }
}
