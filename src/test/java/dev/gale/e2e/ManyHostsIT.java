package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gale on several hosts behind a real balancer: three application hosts, each a launcher with two processes on its
 * own address, started as the README's section on many hosts says ({@code --address}, {@code --xheaders},
 * {@code --trusted_proxies=BALANCER/32}, the same {@code COOKIE_SECRET}); nginx and HAProxy on a balancer host, with
 * the configs {@code java -jar launcher.jar config nginx|haproxy} writes; a client on a host of its own. Each host
 * is a network namespace of a {@link TestNetwork}, so each has its own address and the client's address is not the
 * balancer's.
 */
class ManyHostsIT {
    private static final List<String> APPLICATION_HOSTS = List.of("app1", "app2", "app3");
    private static final int APPLICATION_PORT = 8000;
    private static final String FORGED_ADDRESS = "203.0.113.9";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LOGO = Pattern.compile("<img src=\"([^\"]*/static/images/logo\\.png\\?v=[0-9a-f]+)\"");

    /** The balancers, both on the balancer host, each on a port of its own. */
    enum Balancer {
        NGINX(8080),
        HAPROXY(8081);

        final int port;

        Balancer(int port) {
            this.port = port;
        }

        /** The balancer's address and port, as the client's Host header names them. */
        String hostAndPort() {
            return network.host("balancer").address() + ":" + port;
        }

        String url(String path) {
            return "http://" + hostAndPort() + path;
        }
    }

    private static final List<AutoCloseable> STARTED = new ArrayList<>();
    private static final Map<String, LauncherProcess> LAUNCHERS = new LinkedHashMap<>();
    private static TestNetwork network;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        network = started(TestNetwork.create("balancer", "app1", "app2", "app3", "client"));
        dir = Files.createTempDirectory("gale-many-hosts");
        TestNetwork.Host balancer = network.host("balancer");

        // The launchers start together; the configs are written while they do.
        Map<String, String> sameSecret = Map.of("COOKIE_SECRET", randomSecret());
        for (String name : APPLICATION_HOSTS) {
            TestNetwork.Host host = network.host(name);
            LAUNCHERS.put(
                    name,
                    started(LauncherProcess.launchThrough(
                            host.exec(List.of()),
                            sameSecret,
                            Artifacts.launcherJar(),
                            Artifacts.demo(),
                            "--processes=2",
                            "--port=" + APPLICATION_PORT,
                            "--address=" + host.address(),
                            "--xheaders",
                            "--trusted_proxies=" + balancer.address() + "/32")));
        }
        String upstreams = "--upstreams="
                + String.join(
                        ",",
                        APPLICATION_HOSTS.stream()
                                .map(name -> network.host(name).address() + ":" + APPLICATION_PORT)
                                .toList());
        Path nginxDir = Files.createDirectory(dir.resolve("nginx"));
        Path nginxConfig = ProxyProcess.nginxConfig(
                nginxDir,
                ProxyProcess.generatedConfig(
                        "nginx",
                        upstreams,
                        "--listen=" + Balancer.NGINX.port,
                        "--static_path=" + Artifacts.staticDir()));
        Path haproxyConfig = dir.resolve("haproxy.cfg");
        Files.writeString(
                haproxyConfig, ProxyProcess.generatedConfig("haproxy", upstreams, "--listen=" + Balancer.HAPROXY.port));
        for (LauncherProcess launcher : LAUNCHERS.values()) {
            launcher.awaitReady();
        }

        // HAProxy checks its servers from the start, so it starts once they answer.
        started(ProxyProcess.foreground("nginx", balancer.exec(ProxyProcess.nginxCommand(nginxDir, nginxConfig))));
        started(ProxyProcess.foreground("haproxy", balancer.exec(ProxyProcess.haproxyCommand(haproxyConfig))));
        for (Balancer each : Balancer.values()) {
            awaitAnswering(each);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        for (int i = STARTED.size() - 1; i >= 0; i--) {
            try {
                STARTED.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + STARTED.get(i) + ": " + e);
            }
        }
        if (dir != null) {
            ProcessesIT.deleteTree(dir);
        }
    }

    private static <T extends AutoCloseable> T started(T closeable) {
        STARTED.add(closeable);
        return closeable;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Waits until a request from the client through {@code balancer} gets a response from an application. */
    private static void awaitAnswering(Balancer balancer) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (HostHttp.connect(network.host("client"), balancer.url("/"), 1) == 0) {
                RawHttp.Response response = HostHttp.get(network.host("client"), balancer.url("/"));
                if (response.status() == 200) {
                    return;
                }
                last = response.status() + " " + response.body();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(balancer + " did not pass a request on within " + WAIT + ": " + last);
    }

    private static String applicationUrl(String host, String path) {
        return "http://" + network.host(host).address() + ":" + APPLICATION_PORT + path;
    }

    private static String ip(String remoteIp, String protocol, String host) {
        return "{\"remote_ip\":\"" + remoteIp + "\",\"protocol\":\"" + protocol + "\",\"host\":\"" + host + "\"}";
    }

    /** The application host whose launcher logs a line containing {@code text}, waiting for the line. */
    private static String loggedBy(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, LauncherProcess> launcher : LAUNCHERS.entrySet()) {
                if (launcher.getValue().stderr().stream().anyMatch(line -> line.contains(text))) {
                    return launcher.getKey();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no application host logged \"" + text + "\"" + logs());
    }

    private static String logs() {
        StringBuilder all = new StringBuilder();
        LAUNCHERS.forEach((host, launcher) -> all.append("\n=== ").append(host).append(launcher.output()));
        return all.toString();
    }

    /** The value of the cookie {@code name} that {@code response} sets. */
    private static String cookie(RawHttp.Response response, String name) {
        return response.headers().getOrDefault("set-cookie", List.of()).stream()
                .filter(header -> header.startsWith(name + "="))
                .map(header -> header.substring(name.length() + 1, header.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + response.headers()));
    }

    private static String logoUrl(RawHttp.Response home) {
        assertEquals(200, home.status(), home.body());
        Matcher logo = LOGO.matcher(home.body());
        assertTrue(logo.find(), home.body());
        return logo.group(1);
    }

    @ParameterizedTest
    @EnumSource(Balancer.class)
    void everyHostSeesTheClientsAddressThroughTheBalancer(Balancer balancer) throws Exception {
        TestNetwork.Host client = network.host("client");
        Set<String> reached = new TreeSet<>();
        for (int i = 0; i < 30 && reached.size() < APPLICATION_HOSTS.size(); i++) {
            String path = "/ip?through-" + balancer + "-" + i;
            // What a client forges is replaced by the balancer.
            RawHttp.Response response = HostHttp.get(
                    client,
                    balancer.url(path),
                    "X-Real-IP: " + FORGED_ADDRESS,
                    "X-Forwarded-For: " + FORGED_ADDRESS,
                    "X-Scheme: https");
            assertEquals(200, response.status(), response.body());
            assertEquals(ip(client.address(), "http", balancer.hostAndPort()), response.body());
            reached.add(loggedBy("GET " + path + " (" + client.address() + ")"));
        }
        assertEquals(new TreeSet<>(APPLICATION_HOSTS), reached, logs());
    }

    @Test
    void forwardedHeadersCountOnlyFromTheBalancer() throws Exception {
        String[] forged = {"X-Real-IP: " + FORGED_ADDRESS, "X-Forwarded-For: " + FORGED_ADDRESS, "X-Scheme: https"};
        for (String name : APPLICATION_HOSTS) {
            String hostAndPort = network.host(name).address() + ":" + APPLICATION_PORT;
            TestNetwork.Host client = network.host("client");
            RawHttp.Response straight = HostHttp.get(client, applicationUrl(name, "/ip"), forged);
            assertEquals(200, straight.status(), straight.body());
            assertEquals(ip(client.address(), "http", hostAndPort), straight.body());

            RawHttp.Response fromBalancer = HostHttp.get(network.host("balancer"), applicationUrl(name, "/ip"), forged);
            assertEquals(200, fromBalancer.status(), fromBalancer.body());
            assertEquals(ip(FORGED_ADDRESS, "https", hostAndPort), fromBalancer.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Balancer.class)
    void aLoginThroughTheBalancerHoldsOnEveryHost(Balancer balancer) throws Exception {
        TestNetwork.Host client = network.host("client");
        String xsrf = cookie(HostHttp.get(client, balancer.url("/login")), "_xsrf");
        String name = "alice-" + balancer;
        RawHttp.Response login = HostHttp.post(
                client,
                balancer.url("/login"),
                "_xsrf=" + URLEncoder.encode(xsrf, StandardCharsets.UTF_8) + "&name=" + name,
                "Cookie: _xsrf=" + xsrf);
        assertEquals(302, login.status(), login.body());
        String user = cookie(login, "user");

        for (String host : APPLICATION_HOSTS) {
            RawHttp.Response anonymous = HostHttp.get(client, applicationUrl(host, "/secret"));
            assertEquals(302, anonymous.status(), host + ": " + anonymous.body());

            RawHttp.Response loggedIn = HostHttp.get(client, applicationUrl(host, "/secret"), "Cookie: user=" + user);
            assertEquals(200, loggedIn.status(), host + ": " + loggedIn.body());
            assertEquals("Hello, " + name, loggedIn.body(), host);
        }
    }

    @ParameterizedTest
    @EnumSource(Balancer.class)
    void everyHostGivesTheSameStaticUrl(Balancer balancer) throws Exception {
        TestNetwork.Host client = network.host("client");
        Map<String, String> logoUrls = new LinkedHashMap<>();
        for (String host : APPLICATION_HOSTS) {
            logoUrls.put(host, logoUrl(HostHttp.get(client, applicationUrl(host, "/home"))));
        }
        logoUrls.put(balancer.toString(), logoUrl(HostHttp.get(client, balancer.url("/home"))));
        assertEquals(1, Set.copyOf(logoUrls.values()).size(), logoUrls.toString());

        RawHttp.Response logo = HostHttp.get(client, balancer.url(logoUrls.get("app1")));
        assertEquals(200, logo.status());
        assertEquals(
                String.valueOf(Files.size(Artifacts.staticDir().resolve("images/logo.png"))),
                logo.header("Content-Length").orElse(""));
        assertTrue(
                logo.header("Cache-Control").orElse("").contains("max-age=315360000"),
                logo.headers().toString());
    }

    @Test
    void statusOnEachHostNamesThatHostsLauncherThoughAllShareTheTemporaryDirectory() throws Exception {
        for (String name : APPLICATION_HOSTS) {
            LauncherProcess.Status status = LauncherProcess.Status.of(network.host(name)
                    .exec(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            Artifacts.launcherJar().toString(),
                            "status",
                            "--port=" + APPLICATION_PORT)));
            assertEquals(LAUNCHERS.get(name).pid(), status.supervisorPid(), name + ": " + status.text());
            assertEquals(2, status.members().size(), name + ": " + status.text());
            assertTrue(
                    status.members().stream().allMatch(LauncherProcess.Status.Member::answering),
                    name + ": " + status.text());
        }
    }

    @Test
    void noHostReachesTheMachineOutsideTheTestNetwork() throws Exception {
        List<String> rootAddresses = new ArrayList<>();
        for (NetworkInterface face : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(face.getInetAddresses())) {
                assertFalse(TestNetwork.inRange(address), face + " holds " + address);
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    rootAddresses.add(address.getHostAddress());
                }
            }
        }
        try (ServerSocket loopback = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket everywhere = new ServerSocket(0)) {
            List<String> outside = new ArrayList<>(List.of("http://127.0.0.1:" + loopback.getLocalPort() + "/"));
            rootAddresses.forEach(address -> outside.add("http://" + address + ":" + everywhere.getLocalPort() + "/"));
            for (String name : List.of("balancer", "app1", "app2", "app3", "client")) {
                TestNetwork.Host host = network.host(name);
                // The same check reaches a host inside the network...
                assertEquals(0, HostHttp.connect(host, Balancer.NGINX.url("/"), 2), name);
                // ...and nothing outside it.
                for (String url : outside) {
                    assertNotEquals(0, HostHttp.connect(host, url, 2), name + " reached " + url);
                }
            }
            for (ServerSocket socket : List.of(loopback, everywhere)) {
                socket.setSoTimeout(1);
                assertThrows(SocketTimeoutException.class, socket::accept, "a connection reached " + socket);
            }
        }
    }
}
