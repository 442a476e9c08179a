package dev.gale.launcher.process;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JVM options for one process among several on a host. Left alone, each JVM of a group sizes itself as if it had
 * the machine to itself: an initial heap of 1/64 of the memory and up to a quarter of it, which G1 cycles young
 * objects through, so four processes of an application with 20 MB of live data each hold some 400 MB. A process in a
 * group starts instead with the serial collector (no tables of its own, suited to small heaps), a small initial heap
 * that grows as the application needs, at most an equal share of half the memory, and hands freed native memory back
 * to the system where the JVM can. Each family of options the user gave (on the command line, or in
 * {@code JAVA_TOOL_OPTIONS} or {@code JDK_JAVA_OPTIONS}) is left to the user.
 */
public final class GroupJvmOptions {
    private static final List<String> HEAP_OPTIONS = List.of(
            "-Xmx",
            "-Xms",
            "-XX:MaxHeapSize",
            "-XX:InitialHeapSize",
            "-XX:MaxRAM",
            "-XX:MaxRAMPercentage",
            "-XX:MaxRAMFraction",
            "-XX:InitialRAMPercentage",
            "-XX:MinRAMPercentage");
    private static final String TRIM_OPTION = "TrimNativeHeapInterval";

    private GroupJvmOptions() {}

    /**
     * The options one of {@code processes} processes gets on top of {@code given}, the options the user started
     * Java with; none for a single process, which keeps the JVM's own choices.
     */
    public static List<String> forGroupOf(int processes, List<String> given, Map<String, String> environment) {
        if (processes <= 1) {
            return List.of();
        }
        List<String> user = new ArrayList<>(given);
        for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            String value = environment.getOrDefault(variable, "").strip();
            if (!value.isEmpty()) {
                user.addAll(List.of(value.split("\\s+")));
            }
        }
        List<String> options = new ArrayList<>();
        if (user.stream().noneMatch(option -> option.startsWith("-XX:+Use") && option.endsWith("GC"))) {
            options.add("-XX:+UseSerialGC");
        }
        if (user.stream().noneMatch(option -> HEAP_OPTIONS.stream().anyMatch(option::startsWith))) {
            options.add("-Xms16m");
            options.add(String.format(Locale.ROOT, "-XX:MaxRAMPercentage=%.1f", Math.max(1.0, 50.0 / processes)));
        }
        if (user.stream().noneMatch(option -> option.contains(TRIM_OPTION)) && jvmCanTrim()) {
            options.add("-XX:" + TRIM_OPTION + "=5000");
        }
        return options;
    }

    /** Whether this JVM (the one the processes run on) knows the option; updates before 17.0.9 and 21.0.1 do not. */
    private static boolean jvmCanTrim() {
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(TRIM_OPTION);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
