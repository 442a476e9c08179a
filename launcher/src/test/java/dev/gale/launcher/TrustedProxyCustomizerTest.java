package dev.gale.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.internal.filters.XheadersCases;
import dev.gale.internal.filters.XheadersCases.Case;
import dev.gale.internal.filters.XheadersCases.Header;
import dev.gale.internal.filters.XheadersCases.Seen;
import dev.gale.launcher.options.StartupException;
import dev.gale.launcher.server.GaleServer;
import dev.gale.launcher.server.WebApp;
import dev.gale.web.Application;
import dev.gale.web.ApplicationProvider;
import dev.gale.web.GaleInitializer;
import dev.gale.web.RequestHandler;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --xheaders} in the launcher: {@link TrustedProxyCustomizer} on the connector of a real {@link GaleServer}
 * built from parsed options, as {@code Main} builds it, held over HTTP to the same table as the WAR's filter.
 */
class TrustedProxyCustomizerTest {
    /** Reports what a handler sees of its request. */
    public static final class Probe extends RequestHandler {
        @Override
        protected void get() {
            write(Seen.format(remoteIp(), protocol(), host(), request().isSecure()));
        }
    }

    /** The application the launcher finds through the context parameter gale.application. */
    public static final class ProbeApp implements ApplicationProvider {
        public ProbeApp() {}

        @Override
        public Application create() {
            return Application.builder().route("/probe", Probe.class).build();
        }
    }

    /** A started server and the port it listens on. */
    private record Running(GaleServer server, String host, int port) {}

    private static final Map<List<String>, Running> SERVERS = new HashMap<>();

    /** A launcher started with {@code --port=0} and {@code options}, serving {@link ProbeApp}. */
    private static Running server(String... options) {
        return SERVERS.computeIfAbsent(List.of(options), key -> {
            List<String> args = new ArrayList<>(List.of("--port=0"));
            args.addAll(key);
            try {
                LauncherOptions parsed = LauncherOptions.parse(args, Map.of());
                parsed.applicationSettings().put(GaleInitializer.APPLICATION_PARAMETER, ProbeApp.class.getName());
                GaleServer server = new GaleServer(parsed.serverConfig(), WebApp.open(Optional.empty(), List.of()));
                server.start();
                URI url = URI.create(server.url());
                return new Running(server, parsed.address(), url.getPort());
            } catch (StartupException e) {
                throw new IllegalStateException("the launcher did not start: " + e.getMessage(), e);
            }
        });
    }

    private static Seen probe(Running running, List<Header> headers) {
        return XheadersCases.send(running.host(), running.port(), "/probe", headers);
    }

    @AfterAll
    static void stop() {
        for (Running running : SERVERS.values()) {
            running.server().stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gale.internal.filters.XheadersCases#all")
    void theSharedTable(Case c) {
        List<String> options = new ArrayList<>(List.of(
                "--address=127.0.0.1", "--xheaders", "--trusted_proxies=" + String.join(",", c.trustedProxies())));
        if (c.xheadersHost()) {
            options.add("--xheaders_host");
        }
        assertEquals(c.expected(), probe(server(options.toArray(String[]::new)), c.headers()));
    }

    @Test
    void withoutXheadersEveryForwardedHeaderIsIgnored() {
        Seen seen = probe(
                server("--address=127.0.0.1", "--trusted_proxies=127.0.0.1/32", "--xheaders_host"),
                List.of(
                        new Header("X-Real-IP", "203.0.113.9"),
                        new Header("X-Forwarded-For", "198.51.100.7"),
                        new Header("X-Scheme", "https"),
                        new Header("X-Forwarded-Host", "app.example")));
        assertEquals(new Seen("127.0.0.1", "http", "gale.test", false), seen);
    }

    @Test
    void theDefaultTrustsLoopback() {
        Seen seen = probe(
                server("--address=127.0.0.1", "--xheaders"),
                List.of(new Header("X-Real-IP", "203.0.113.9"), new Header("X-Scheme", "https")));
        assertEquals(new Seen("203.0.113.9", "https", "gale.test", true), seen);
    }

    @Test
    void anIpv6LoopbackPeerIsTrustedByDefault() {
        Seen seen = probe(
                server("--address=::1", "--xheaders"),
                List.of(new Header("X-Real-IP", "203.0.113.9"), new Header("X-Scheme", "https")));
        assertEquals(new Seen("203.0.113.9", "https", "gale.test", true), seen);
    }

    @Test
    void anIpv6PeerOutsideTheRangesIsNotBelieved() throws Exception {
        Seen seen = probe(
                server("--address=::1", "--xheaders", "--trusted_proxies=127.0.0.0/8,2001:db8::/32"),
                List.of(new Header("X-Real-IP", "203.0.113.9"), new Header("X-Scheme", "https")));
        assertEquals(
                InetAddress.getAllByName("::1")[0],
                InetAddress.getAllByName(seen.remoteIp().replaceAll("[\\[\\]]", ""))[0],
                seen.remoteIp());
        assertEquals("http", seen.protocol());
    }
}
