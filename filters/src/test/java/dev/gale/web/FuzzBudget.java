package dev.gale.web;

/**
 * How long each {@code @FuzzTest} fuzzes when run with {@code JAZZER_FUZZ=1} (the {@code fuzz} profile). A normal
 * build only replays each target's seed inputs, in well under a second.
 */
public final class FuzzBudget {
    /** Per target: six targets, two at a time, fit the build's fuzzing step in about a minute. */
    public static final String PER_TARGET = "8s";

    private FuzzBudget() {}
}
