package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gale.e2e.Hosts.Balancer;
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
import java.time.Duration;
import java.util.ArrayList;
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
 * Gale on several hosts behind a real balancer, as {@link Hosts} starts them: three application hosts of two
 * processes each, nginx and HAProxy from the generated configs on a balancer host, a client on a host of its own. Each
 * host is a network namespace, so each has its own address and the client's address is not the balancer's.
 */
class ManyHostsIT {
    private static final List<String> APPLICATION_HOSTS = Hosts.APPLICATION_HOSTS;
    private static final int APPLICATION_PORT = Hosts.APPLICATION_PORT;
    private static final String FORGED_ADDRESS = "203.0.113.9";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LOGO = Pattern.compile("<img src=\"([^\"]*/static/images/logo\\.png\\?v=[0-9a-f]+)\"");

    private static Hosts hosts;
    private static TestNetwork.Host client;
    private static Map<String, LauncherProcess> launchers;

    @BeforeAll
    static void start() throws Exception {
        hosts = Hosts.start();
        client = hosts.client();
        launchers = hosts.launchers();
    }

    @AfterAll
    static void stop() throws IOException {
        if (hosts != null) {
            hosts.close();
        }
    }

    private static String applicationUrl(String host, String path) {
        return hosts.applicationUrl(host, path);
    }

    private static String ip(String remoteIp, String protocol, String host) {
        return "{\"remote_ip\":\"" + remoteIp + "\",\"protocol\":\"" + protocol + "\",\"host\":\"" + host + "\"}";
    }

    /** The application host whose launcher logs a line containing {@code text}, waiting for the line. */
    private static String loggedBy(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, LauncherProcess> launcher : launchers.entrySet()) {
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
        launchers.forEach((host, launcher) -> all.append("\n=== ").append(host).append(launcher.output()));
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
        Set<String> reached = new TreeSet<>();
        for (int i = 0; i < 30 && reached.size() < APPLICATION_HOSTS.size(); i++) {
            String path = "/ip?through-" + balancer + "-" + i;
            // What a client forges is replaced by the balancer.
            RawHttp.Response response = HostHttp.get(
                    client,
                    hosts.url(balancer, path),
                    "X-Real-IP: " + FORGED_ADDRESS,
                    "X-Forwarded-For: " + FORGED_ADDRESS,
                    "X-Scheme: https");
            assertEquals(200, response.status(), response.body());
            assertEquals(ip(client.address(), "http", hosts.hostAndPort(balancer)), response.body());
            reached.add(loggedBy("GET " + path + " (" + client.address() + ")"));
        }
        assertEquals(new TreeSet<>(APPLICATION_HOSTS), reached, logs());
    }

    @Test
    void forwardedHeadersCountOnlyFromTheBalancer() throws Exception {
        String[] forged = {"X-Real-IP: " + FORGED_ADDRESS, "X-Forwarded-For: " + FORGED_ADDRESS, "X-Scheme: https"};
        for (String name : APPLICATION_HOSTS) {
            String hostAndPort = hosts.host(name).address() + ":" + APPLICATION_PORT;
            RawHttp.Response straight = HostHttp.get(client, applicationUrl(name, "/ip"), forged);
            assertEquals(200, straight.status(), straight.body());
            assertEquals(ip(client.address(), "http", hostAndPort), straight.body());

            RawHttp.Response fromBalancer = HostHttp.get(hosts.host("balancer"), applicationUrl(name, "/ip"), forged);
            assertEquals(200, fromBalancer.status(), fromBalancer.body());
            assertEquals(ip(FORGED_ADDRESS, "https", hostAndPort), fromBalancer.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Balancer.class)
    void aLoginThroughTheBalancerHoldsOnEveryHost(Balancer balancer) throws Exception {
        String xsrf = cookie(HostHttp.get(client, hosts.url(balancer, "/login")), "_xsrf");
        String name = "alice-" + balancer;
        RawHttp.Response login = HostHttp.post(
                client,
                hosts.url(balancer, "/login"),
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
        Map<String, String> logoUrls = new LinkedHashMap<>();
        for (String host : APPLICATION_HOSTS) {
            logoUrls.put(host, logoUrl(HostHttp.get(client, applicationUrl(host, "/home"))));
        }
        logoUrls.put(balancer.toString(), logoUrl(HostHttp.get(client, hosts.url(balancer, "/home"))));
        assertEquals(1, Set.copyOf(logoUrls.values()).size(), logoUrls.toString());

        RawHttp.Response logo = HostHttp.get(client, hosts.url(balancer, logoUrls.get("app1")));
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
            LauncherProcess.Status status = LauncherProcess.Status.of(hosts.host(name)
                    .exec(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            Artifacts.launcherJar().toString(),
                            "status",
                            "--port=" + APPLICATION_PORT)));
            assertEquals(launchers.get(name).pid(), status.supervisorPid(), name + ": " + status.text());
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
                TestNetwork.Host host = hosts.host(name);
                // The same check reaches a host inside the network...
                assertEquals(0, HostHttp.connect(host, hosts.url(Balancer.NGINX, "/"), 2), name);
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
