package dev.gale.internal.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.internal.filters.XheadersCases.Case;
import dev.gale.internal.filters.XheadersCases.Header;
import dev.gale.internal.filters.XheadersCases.Seen;
import dev.gale.web.Application;
import dev.gale.web.RequestHandler;
import dev.gale.web.TestServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code xheaders} in a WAR: {@link ForwardedHeadersFilter}, registered by {@code GaleInitializer} from the context
 * parameters {@code xheaders}, {@code trusted_proxies} and {@code xheaders_host}, in front of a handler, over HTTP.
 */
class ForwardedHeadersFilterTest {
    /** Reports what a handler sees of its request. */
    public static final class Probe extends RequestHandler {
        @Override
        protected void get() {
            write(Seen.format(remoteIp(), protocol(), host(), request().isSecure()));
        }
    }

    private static final Map<String, TestServer> SERVERS = new HashMap<>();

    private static TestServer server(String host, boolean xheaders, List<String> trusted, boolean xheadersHost) {
        String key = host + " " + xheaders + " " + trusted + " " + xheadersHost;
        return SERVERS.computeIfAbsent(
                key,
                k -> TestServer.builder()
                        .application(Application.builder()
                                .route("/probe", Probe.class)
                                .build())
                        .host(host)
                        .initParameter("xheaders", String.valueOf(xheaders))
                        .initParameter("trusted_proxies", String.join(",", trusted))
                        .initParameter("xheaders_host", String.valueOf(xheadersHost))
                        .startOrThrow());
    }

    private static Seen probe(TestServer server, List<Header> headers) {
        return XheadersCases.send(server.host(), server.port(), "/probe", headers);
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(TestServer::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gale.internal.filters.XheadersCases#all")
    void theSharedTable(Case c) {
        TestServer server = server("127.0.0.1", true, c.trustedProxies(), c.xheadersHost());
        assertEquals(c.expected(), probe(server, c.headers()));
    }

    @Test
    void withoutXheadersEveryForwardedHeaderIsIgnored() {
        TestServer server = server("127.0.0.1", false, List.of("127.0.0.1/32"), true);
        Seen seen = probe(
                server,
                List.of(
                        new Header("X-Real-IP", "203.0.113.9"),
                        new Header("X-Forwarded-For", "198.51.100.7"),
                        new Header("X-Scheme", "https"),
                        new Header("X-Forwarded-Host", "app.example")));
        assertEquals(new Seen("127.0.0.1", "http", "gale.test", false), seen);
    }

    @Test
    void anIpv6LoopbackPeerIsTrustedByDefault() {
        TestServer server = server("::1", true, List.of("127.0.0.0/8", "::1/128"), false);
        Seen seen = probe(server, List.of(new Header("X-Real-IP", "203.0.113.9"), new Header("X-Scheme", "https")));
        assertEquals(new Seen("203.0.113.9", "https", "gale.test", true), seen);
    }

    @Test
    void anIpv6PeerOutsideTheRangesIsNotBelieved() throws Exception {
        TestServer server = server("::1", true, List.of("127.0.0.0/8", "2001:db8::/32"), false);
        Seen seen = probe(server, List.of(new Header("X-Real-IP", "203.0.113.9"), new Header("X-Scheme", "https")));
        assertEquals(
                InetAddress.getAllByName("::1")[0],
                InetAddress.getAllByName(seen.remoteIp().replaceAll("[\\[\\]]", ""))[0],
                seen.remoteIp());
        assertEquals("http", seen.protocol());
    }
}
