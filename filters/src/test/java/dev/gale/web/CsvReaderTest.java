package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    @Test
    void plainFieldsAreSplitOnCommas() {
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "e")), CsvReader.rows("a,b,c\nd,e\n"));
    }

    @Test
    void quotedFieldsLoseTheirQuotes() {
        assertEquals(List.of(List.of("Home", "首页")), CsvReader.rows("\"Home\",\"首页\""));
    }

    @Test
    void aDoubledQuoteIsOneQuote() {
        assertEquals(List.of(List.of("say \"hi\"", "\"")), CsvReader.rows("\"say \"\"hi\"\"\",\"\"\"\""));
    }

    @Test
    void commasAndNewlinesInsideQuotesArePartOfTheField() {
        assertEquals(
                List.of(List.of("a, b", "line 1\nline 2"), List.of("next", "row")),
                CsvReader.rows("\"a, b\",\"line 1\nline 2\"\nnext,row\n"));
    }

    @Test
    void crlfEndsARowLikeLf() {
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), CsvReader.rows("a,b\r\nc,d\r\n"));
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), CsvReader.rows("a,b\rc,d"));
    }

    @Test
    void blankLinesAreSkipped() {
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), CsvReader.rows("\n\na,b\n\r\n\nc,d\n\n"));
        assertEquals(List.of(), CsvReader.rows(""));
        assertEquals(List.of(), CsvReader.rows("\n\r\n"));
    }

    @Test
    void emptyFieldsAreKept() {
        assertEquals(List.of(List.of("a", "", "")), CsvReader.rows("a,,"));
        assertEquals(List.of(List.of("", "b")), CsvReader.rows("\"\",b"));
        assertEquals(List.of(List.of("")), CsvReader.rows("\"\""));
    }

    @Test
    void theLastRowNeedsNoNewline() {
        assertEquals(List.of(List.of("a", "b")), CsvReader.rows("a,b"));
    }

    @Test
    void anUnterminatedQuoteNamesTheLineItOpensOn() {
        IllegalArgumentException first =
                assertThrows(IllegalArgumentException.class, () -> CsvReader.rows("\"never closed,b\n"));
        assertTrue(first.getMessage().contains("line 1"), first::getMessage);

        IllegalArgumentException third = assertThrows(
                IllegalArgumentException.class,
                () -> CsvReader.rows("a,b\r\n\"multi\nline\",ok\n\"Home\",\"首页\nmore\nlines"));
        assertTrue(third.getMessage().startsWith("line 4:"), third::getMessage);
    }
}
