package dev.gale.launcher.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortRangesTest {
    @Test
    void portsAndRangesExpand() {
        assertEquals(List.of(8000, 8001, 8002, 9000), PortRanges.ports(List.of("8000-8002", "9000")));
        assertEquals(
                List.of("127.0.0.1:8000", "127.0.0.1:8001", "[::1]:7000", "app.internal:80"),
                PortRanges.addresses(List.of("127.0.0.1:8000-8001", "[::1]:7000", "app.internal:80")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            80-            | "80-" is not a port or a range of ports
            8003-8000      | "8003-8000" is not a range of ports
            1000-9000      | "1000-9000" is not a range of ports
            0              | "0" has a port out of range
            65536          | "65536" has a port out of range
            127.0.0.1:80   | "127.0.0.1:80" is not a port or a range of ports
            """)
    void aBadPortIsQuoted(String item, String message) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> PortRanges.ports(List.of(item)))
                        .getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1        | "127.0.0.1" is not host:port or host:first-last
            host name:80     | "host name:80" is not host:port or host:first-last
            127.0.0.1:0      | "127.0.0.1:0" has a port out of range
            127.0.0.1:9-8    | "127.0.0.1:9-8" is not a range of ports
            """)
    void aBadAddressIsQuoted(String item, String message) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> PortRanges.addresses(List.of(item)))
                        .getMessage());
    }

    @ParameterizedTest
    @CsvSource({"52428800, 50m", "524288, 512k", "2147483648, 2g", "1000, 1000", "1536, 1536", "0, 0"})
    void sizesTakeTheLargestExactSuffix(long bytes, String written) {
        assertEquals(written, Sizes.format(bytes));
    }
}
