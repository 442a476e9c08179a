package dev.gale.launcher.options;

/** A start-up failure with the exit status and the one line to print for it. */
public final class StartupException extends Exception {
    /** Bad command line, option value or config file. */
    public static final int USAGE = 2;
    /** The server could not start: port in use, application failed. */
    public static final int FAILURE = 1;

    private final int exitStatus;
    private final boolean unknownOption;

    public StartupException(int exitStatus, String message) {
        this(exitStatus, message, false);
    }

    private StartupException(int exitStatus, String message, boolean unknownOption) {
        super(message, null, false, false);
        this.exitStatus = exitStatus;
        this.unknownOption = unknownOption;
    }

    /** An option no table has: exit status 2. */
    static StartupException unknown(String message) {
        return new StartupException(USAGE, message, true);
    }

    /** Whether an option was unknown, rather than bad. */
    public boolean unknownOption() {
        return unknownOption;
    }

    /** A bad option: exit status 2. */
    public static StartupException usage(String message) {
        return new StartupException(USAGE, message);
    }

    public int exitStatus() {
        return exitStatus;
    }
}
