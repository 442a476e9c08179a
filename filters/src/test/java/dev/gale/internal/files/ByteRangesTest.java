package dev.gale.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.internal.files.ByteRanges.Range;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Range: bytes=...} against a 100-byte file: ranges to send, 416, or the whole file. */
class ByteRangesTest {
    private static final long LENGTH = 100;

    private static Optional<List<Range>> parse(String header) {
        return ByteRanges.parse(header, LENGTH);
    }

    @Test
    void aSingleRangeIsInclusiveAtBothEnds() {
        assertEquals(Optional.of(List.of(new Range(0, 9))), parse("bytes=0-9"));
        assertEquals(10, new Range(0, 9).length());
        assertEquals("bytes 0-9/100", new Range(0, 9).contentRange(LENGTH));
        assertEquals(Optional.of(List.of(new Range(99, 99))), parse("bytes=99-99"));
    }

    @Test
    void aLastPositionPastTheEndIsClipped() {
        assertEquals(Optional.of(List.of(new Range(90, 99))), parse("bytes=90-1000"));
    }

    @Test
    void anOpenEndedRangeRunsToTheEnd() {
        assertEquals(Optional.of(List.of(new Range(40, 99))), parse("bytes=40-"));
        assertEquals(Optional.of(List.of(new Range(0, 99))), parse("bytes=0-"));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertEquals(Optional.of(List.of(new Range(80, 99))), parse("bytes=-20"));
        assertEquals(Optional.of(List.of(new Range(0, 99))), parse("bytes=-500"));
    }

    @Test
    void multipleRangesKeepTheirOrder() {
        assertEquals(
                Optional.of(List.of(new Range(50, 59), new Range(0, 4), new Range(95, 99))),
                parse("bytes=50-59, 0-4,-5"));
    }

    @Test
    void theUnitIsCaseInsensitiveAndSpacesAroundRangesAreAllowed() {
        assertEquals(Optional.of(List.of(new Range(1, 2), new Range(4, 5))), parse("Bytes= 1-2 ,\t4-5"));
    }

    @ParameterizedTest(name = "unsatisfiable: {0}")
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=500-", "bytes=-0", "bytes=100-150, 200-"})
    void rangesThatAreAllUnsatisfiableGiveAnEmptyList(String header) {
        assertEquals(Optional.of(List.of()), parse(header));
    }

    @Test
    void theSatisfiableRangesOfAMixAreKept() {
        assertEquals(Optional.of(List.of(new Range(0, 0))), parse("bytes=200-300,0-0"));
    }

    @Test
    void nothingIsSatisfiableInAnEmptyFile() {
        assertEquals(Optional.of(List.of()), ByteRanges.parse("bytes=0-", 0));
    }

    @ParameterizedTest(name = "malformed: {0}")
    @ValueSource(
            strings = {
                "",
                "bytes",
                "bytes=",
                "bytes=-",
                "bytes=a-b",
                "bytes=1",
                "bytes=1-2-3",
                "bytes=--1",
                "bytes=+1-2",
                "bytes=1-+2",
                "bytes=0x1-2",
                "items=0-1",
                "bytes 0-1",
                "bytes=0-1,,2-3",
                "bytes=99999999999999999999-",
                "bytes=١-٢"
            })
    void malformedHeadersAreIgnored(String header) {
        assertEquals(Optional.empty(), parse(header));
    }

    @Test
    void anAbsentHeaderIsIgnored() {
        assertEquals(Optional.empty(), parse(null));
    }

    @Test
    void aLastPositionBeforeTheFirstMakesTheHeaderInvalid() {
        assertEquals(Optional.empty(), parse("bytes=10-5"));
        assertEquals(Optional.empty(), parse("bytes=0-1,10-5"));
    }

    @Test
    void tooManyRangesAreAnsweredWithTheWholeFile() {
        String sixteen = "bytes=" + String.join(",", java.util.Collections.nCopies(16, "0-0"));
        assertEquals(16, parse(sixteen).orElseThrow().size());
        assertEquals(Optional.empty(), parse(sixteen + ",1-1"));
    }
}
