package dev.gale.launcher.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupJvmOptionsTest {
    private static final String TRIM = "-XX:TrimNativeHeapInterval=5000";

    @Test
    void aSingleProcessKeepsTheJvmsOwnChoices() {
        assertEquals(List.of(), GroupJvmOptions.forGroupOf(1, List.of(), Map.of()));
    }

    @Test
    void eachOfAGroupGetsTheSerialCollectorASmallInitialHeapAndAShareOfHalfTheMemory() {
        List<String> options = GroupJvmOptions.forGroupOf(4, List.of(), Map.of());
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:MaxRAMPercentage=12.5"), options.subList(0, 3));
        // This JDK 17 update knows the trim option; older ones would not get it.
        assertEquals(List.of(TRIM), options.subList(3, options.size()));
    }

    @Test
    void theUsersOwnOptionsWinFamilyByFamily() {
        assertEquals(List.of("-XX:+UseSerialGC", TRIM), GroupJvmOptions.forGroupOf(2, List.of("-Xmx256m"), Map.of()));
        assertEquals(
                List.of("-Xms16m", "-XX:MaxRAMPercentage=25.0", TRIM),
                GroupJvmOptions.forGroupOf(2, List.of("-XX:+UseG1GC"), Map.of()));
        assertEquals(
                List.of("-XX:+UseSerialGC", "-Xms16m", "-XX:MaxRAMPercentage=25.0"),
                GroupJvmOptions.forGroupOf(2, List.of("-XX:TrimNativeHeapInterval=0"), Map.of()));
    }

    @Test
    void optionsFromTheEnvironmentCountAsTheUsers() {
        List<String> options = GroupJvmOptions.forGroupOf(
                2,
                List.of(),
                Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=60", "JDK_JAVA_OPTIONS", " -XX:+UseZGC "));
        assertTrue(
                options.stream().noneMatch(option -> option.contains("RAM") || option.contains("GC")),
                options::toString);
    }
}
