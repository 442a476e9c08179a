package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Point(int x, int y) {}

    record Shape(String name, List<Point> points, Map<String, Object> meta, Optional<String> label) {}

    enum Colour {
        RED
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void scalarsAreJsonLiterals() {
        assertEquals("null", Json.write(null));
        assertEquals("true", Json.write(true));
        assertEquals("42", Json.write(42));
        assertEquals("-7", Json.write(-7L));
        assertEquals("1.5", Json.write(1.5));
        assertEquals("12.50", Json.write(new BigDecimal("12.50")));
        assertEquals("\"RED\"", Json.write(Colour.RED));
        assertEquals("\"c\"", Json.write('c'));
    }

    @Test
    void stringsEscapeQuotesAndBackslashes() {
        assertEquals("\"say \\\"hi\\\" \\\\ bye\"", Json.write("say \"hi\" \\ bye"));
    }

    @Test
    void stringsEscapeControlCharacters() {
        assertEquals("\"a\\nb\\rc\\td\\u0000e\\u001ff\\u0008\"", Json.write("a\nb\rc\td\u0000e\u001ff\b"));
        assertEquals("\"\\u2028\\u2029\"", Json.write("\u2028\u2029"));
    }

    @Test
    void stringsKeepNonAsciiAsIs() {
        assertEquals("\"été ☃\"", Json.write("été ☃"));
    }

    @Test
    void closingTagSlashIsEscapedOtherSlashesAreNot() {
        assertEquals("\"<\\/script>\"", Json.write("</script>"));
        assertEquals("\"a/b <\\/p> /c\"", Json.write("a/b </p> /c"));
        assertEquals("\"/start\"", Json.write("/start"));
    }

    @Test
    void mapsKeepTheirOrderAndEscapeKeys() {
        assertEquals(
                "{\"b\":1,\"a\\\"\":[true,null],\"n\":{}}",
                Json.write(ordered("b", 1, "a\"", Arrays.asList(true, null), "n", Map.of())));
    }

    @Test
    void recordsAreObjectsWithNestedValues() {
        Shape shape = new Shape(
                "tri", List.of(new Point(0, 0), new Point(1, 2)), ordered("k", List.of("v")), Optional.empty());
        assertEquals(
                "{\"name\":\"tri\",\"points\":[{\"x\":0,\"y\":0},{\"x\":1,\"y\":2}],\"meta\":{\"k\":[\"v\"]},"
                        + "\"label\":null}",
                Json.write(shape));
    }

    @Test
    void optionalIsItsValue() {
        assertEquals("\"x\"", Json.write(Optional.of("x")));
        assertEquals("null", Json.write(Optional.empty()));
    }

    @Test
    void collectionsAreArrays() {
        assertEquals("[1]", Json.write(Set.of(1)));
        assertEquals("[]", Json.write(List.of()));
        assertEquals("[[1,2],[3]]", Json.write(List.of(List.of(1, 2), List.of(3))));
    }

    @Test
    void nanAndInfinityAreRejected() {
        for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, Float.NEGATIVE_INFINITY)) {
            assertThrows(IllegalArgumentException.class, () -> Json.write(bad), () -> String.valueOf(bad));
            assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(bad)), () -> "nested " + bad);
        }
    }

    @Test
    @SuppressWarnings("JavaUtilDate") // a legacy date is one of the types that must be refused
    void unsupportedTypesAreRejectedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> Json.write(ordered("when", new java.util.Date(0))));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new int[] {1, 2}));
    }
}
