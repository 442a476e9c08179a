package dev.gale.launcher.options;

/**
 * Sizes written back for configuration files: the options read them with {@code Setting.size}, which takes
 * {@code 52428800}, {@code 512k}, {@code 50m} or {@code 1g}.
 */
public final class Sizes {
    private static final long KILO = 1024;

    private Sizes() {}

    /** {@code bytes} with the largest suffix that divides it exactly: {@code 50m}, {@code 512k}, {@code 1000}. */
    public static String format(long bytes) {
        String[] units = {"", "k", "m", "g"};
        int unit = 0;
        long amount = bytes;
        while (unit < units.length - 1 && amount != 0 && amount % KILO == 0) {
            amount /= KILO;
            unit++;
        }
        return amount + units[unit];
    }
}
