package dev.gale.internal.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.internal.filters.XheadersCases.Case;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ForwardedRule} alone: the shared table, then what only a direct call can reach (other peers). */
class ForwardedRuleTest {
    private static ForwardedRule rule(List<String> trusted, boolean forwardedHost) {
        return new ForwardedRule(TrustedProxies.parse(trusted), forwardedHost);
    }

    private static Function<String, List<String>> headers(Map<String, List<String>> given) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(given);
        return name -> byName.getOrDefault(name, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gale.internal.filters.XheadersCases#all")
    void theSharedTable(Case c) {
        ForwardedRule.View view = rule(c.trustedProxies(), c.xheadersHost())
                .resolve(XheadersCases.PEER, XheadersCases.SCHEME, XheadersCases.HOST, c::values);
        assertEquals(new ForwardedRule.View(c.remoteIp(), c.protocol(), c.host()), view);
    }

    @ParameterizedTest(name = "peer {0} trusted by {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ::1                     | ::1/128             | 203.0.113.9
            0:0:0:0:0:0:0:1         | ::1/128             | 203.0.113.9
            [0:0:0:0:0:0:0:1]       | ::1/128             | 203.0.113.9
            [::1]                   | 127.0.0.0/8,::1/128 | 203.0.113.9
            2001:db8:1:2:3:4:5:6    | 2001:db8:1:2::/64   | 203.0.113.9
            2001:db8:1:2:ffff::1    | 2001:db8:1:2::/64   | 203.0.113.9
            2001:db8:1:3::1         | 2001:db8:1:2::/64   | 2001:db8:1:3::1
            2001:db8:1:1:ffff::1    | 2001:db8:1:2::/64   | 2001:db8:1:1:ffff::1
            ::2                     | ::1/128             | ::2
            ::1                     | 127.0.0.0/8         | ::1
            ::1                     | 0.0.0.0/0           | ::1
            127.0.0.1               | ::/0                | 127.0.0.1
            2001:db8::7             | ::/0                | 203.0.113.9
            """)
    void ipv6PeersAndRanges(String peer, String trusted, String expected) {
        ForwardedRule.View view = rule(List.of(trusted.split(",")), false)
                .resolve(peer, "http", "gale.test", headers(Map.of("X-Real-IP", List.of("203.0.113.9"))));
        assertEquals(expected, view.remoteIp());
    }

    @Test
    void anUntrustedPeerKeepsEverythingAsItCame() {
        ForwardedRule.View view = rule(List.of("10.0.0.0/8"), true)
                .resolve(
                        "192.0.2.1",
                        "https",
                        "gale.test:8443",
                        headers(Map.of(
                                "X-Real-IP", List.of("203.0.113.9"),
                                "X-Forwarded-For", List.of("203.0.113.10"),
                                "X-Scheme", List.of("http"),
                                "X-Forwarded-Host", List.of("evil.example"),
                                "Forwarded", List.of("for=203.0.113.11;proto=http"))));
        assertEquals(new ForwardedRule.View("192.0.2.1", "https", "gale.test:8443"), view);
    }

    @Test
    void aPeerThatIsNotAnAddressIsNotTrusted() {
        ForwardedRule.View view = rule(List.of("0.0.0.0/0", "::/0"), false)
                .resolve("localhost", "http", "gale.test", headers(Map.of("X-Real-IP", List.of("203.0.113.9"))));
        assertEquals("localhost", view.remoteIp());
    }

    @Test
    void aTrustedPeerWithoutHeadersKeepsItsOwnValues() {
        ForwardedRule.View view =
                rule(List.of("::1/128"), true).resolve("[::1]", "https", "gale.test", headers(Map.of()));
        assertEquals(new ForwardedRule.View("[::1]", "https", "gale.test"), view);
    }

    @Test
    void anOverlongSchemeIsIgnoredEvenWhenItStripsToHttps() {
        ForwardedRule.View view = rule(List.of("127.0.0.1"), false)
                .resolve(
                        "127.0.0.1",
                        "http",
                        "gale.test",
                        headers(Map.of("X-Scheme", List.of("https" + " ".repeat(3000)))));
        assertEquals("http", view.scheme());
    }

    @Test
    void theSchemeFromTheConnectionStaysWhenNoHeaderNamesOne() {
        ForwardedRule.View view = rule(List.of("127.0.0.1"), false)
                .resolve("127.0.0.1", "https", "gale.test", headers(Map.of("X-Scheme", List.of("gopher"))));
        assertEquals("https", view.scheme());
    }
}
