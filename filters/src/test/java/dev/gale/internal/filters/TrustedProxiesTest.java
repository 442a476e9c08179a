package dev.gale.internal.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private static TrustedProxies of(String... cidrs) {
        return TrustedProxies.parse(List.of(cidrs));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8         | 10.0.0.0                 | true
            10.0.0.0/8         | 10.255.255.255           | true
            10.0.0.0/8         | 11.0.0.0                 | false
            10.0.0.0/8         | 9.255.255.255            | false
            10.1.2.3/8         | 10.200.0.1               | true
            172.16.0.0/12      | 172.31.255.255           | true
            172.16.0.0/12      | 172.32.0.0               | false
            192.0.2.128/25     | 192.0.2.128              | true
            192.0.2.128/25     | 192.0.2.127              | false
            192.0.2.7/32       | 192.0.2.7                | true
            192.0.2.7/32       | 192.0.2.8                | false
            192.0.2.7/32       | 192.0.2.6                | false
            192.0.2.7          | 192.0.2.7                | true
            192.0.2.7          | 192.0.2.70               | false
            0.0.0.0/0          | 203.0.113.9              | true
            0.0.0.0/0          | 255.255.255.255          | true
            0.0.0.0/0          | ::1                      | false
            ::/0               | 2001:db8::1              | true
            ::/0               | 127.0.0.1                | false
            ::1/128            | ::1                      | true
            ::1/128            | 0:0:0:0:0:0:0:1          | true
            ::1/128            | ::2                      | false
            ::1/128            | 127.0.0.1                | false
            ::1                | ::1                      | true
            ::1                | ::                       | false
            2001:db8:1:2::/64  | 2001:db8:1:2::           | true
            2001:db8:1:2::/64  | 2001:db8:1:2:ffff:ffff:ffff:ffff | true
            2001:db8:1:2::/64  | 2001:db8:1:3::           | false
            2001:db8:1:2::/64  | 2001:db8:1:1:ffff:ffff:ffff:ffff | false
            2001:DB8:1:2::/64  | 2001:db8:1:2::abcd       | true
            2001:db8::/33      | 2001:db8:7fff::1         | true
            2001:db8::/33      | 2001:db8:8000::1         | false
            """)
    void contains(String cidr, String address, boolean expected) {
        assertEquals(expected, of(cidr).contains(address));
    }

    @Test
    void anyOfSeveralRangesWill() {
        TrustedProxies trusted = of("10.0.0.0/8", " 192.0.2.1 ", "::1/128");
        assertTrue(trusted.contains("10.9.8.7"));
        assertTrue(trusted.contains("192.0.2.1"));
        assertTrue(trusted.contains("::1"));
        assertFalse(trusted.contains("192.0.2.2"));
        assertFalse(trusted.contains("127.0.0.1"));
    }

    @Test
    void noRangesTrustNobody() {
        assertFalse(of().contains("127.0.0.1"));
    }

    @Test
    void theDefaultIsLoopback() {
        TrustedProxies loopback = TrustedProxies.parse(TrustedProxies.LOOPBACK);
        assertTrue(loopback.contains("127.0.0.1"));
        assertTrue(loopback.contains("127.255.0.9"));
        assertTrue(loopback.contains("::1"));
        assertFalse(loopback.contains("128.0.0.1"));
        assertFalse(loopback.contains("192.0.2.1"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "localhost/8",
                "proxy.example",
                "",
                "/8",
                "10.0.0/8",
                "10.0.0.0.0",
                "10.0.0.256",
                "10.0.0.01",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/+8",
                "10.0.0.0/",
                "10.0.0.0/x",
                "10.0.0.0/8/8",
                "10.0.0.0 /8",
                "::1/129",
                "2001:db8::/ 64",
                "[::1]",
                "[::1]/128",
                "fe80::1%eth0",
                "1:2:3:4:5:6:7:8:9",
                "2001:db8:::1",
                "0x7f000001"
            })
    void aBadEntryIsRejectedWithAMessageQuotingIt(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of("127.0.0.1", entry, "::1"));
        assertTrue(e.getMessage().contains("\"" + entry.strip() + "\""), e.getMessage());
    }

    @Test
    void hostNamesAreNeverResolved() {
        assertFalse(of("127.0.0.0/8", "::1/128").contains("localhost"));
        assertFalse(of("0.0.0.0/0", "::/0").contains("localhost"));
        assertFalse(of("0.0.0.0/0", "::/0").contains("gale-test.invalid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 127.0.0.1", "127.0.0.1:80", "127.0.0.1.", "127.1", "2130706433", "[::1]x", "::1%lo"})
    void whatIsNotAnAddressLiteralIsNotContained(String address) {
        assertFalse(of("0.0.0.0/0", "::/0").contains(address));
    }
}
