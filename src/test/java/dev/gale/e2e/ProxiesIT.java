package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two launchers behind the nginx and HAProxy configs that {@code java -jar launcher.jar config} writes, with the
 * real nginx and HAProxy: the client's address and scheme reach the application, the proxy serves the static files
 * itself, both processes get requests, and https works with a redirect from plain http.
 */
class ProxiesIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<AutoCloseable> STARTED = new ArrayList<>();

    private static Path dir;
    private static Path cert;
    private static HttpClient httpsClient;
    private static LauncherProcess first;
    private static LauncherProcess second;

    private static Path nginxHttpConfig;
    private static Path nginxTlsConfig;
    private static Path haproxyHttpConfig;
    private static Path haproxyTlsConfig;
    private static int nginxHttp;
    private static int nginxTlsPlain;
    private static int nginxTls;
    private static int haproxyHttp;
    private static int haproxyTlsPlain;
    private static int haproxyTls;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("gale-proxies");
        Path jar = Artifacts.launcherJar();
        String[] options = {
            Artifacts.demo(), "--port=0", "--address=127.0.0.1", "--xheaders", "--trusted_proxies=127.0.0.1/32"
        };
        first = started(LauncherProcess.start(jar, options));
        second = started(LauncherProcess.start(jar, options));
        String upstreams = "--upstreams=127.0.0.1:" + first.base().getPort() + ",127.0.0.1:"
                + second.base().getPort();
        String staticPath = "--static_path=" + Artifacts.staticDir();

        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        ProxyProcess.Result openssl = ProxyProcess.run(
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        key.toString(),
                        "-out",
                        cert.toString(),
                        "-days",
                        "1",
                        "-subj",
                        "/CN=localhost"),
                Duration.ofSeconds(60));
        assertEquals(0, openssl.status(), openssl.output());
        Path pem = dir.resolve("cert-and-key.pem");
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
        httpsClient = trusting(cert);

        nginxHttp = ProxyProcess.freePort();
        Path nginxHttpDir = Files.createDirectory(dir.resolve("nginx-http"));
        nginxHttpConfig = ProxyProcess.nginxConfig(
                nginxHttpDir, ProxyProcess.generatedConfig("nginx", upstreams, "--listen=" + nginxHttp, staticPath));
        started(ProxyProcess.nginx(nginxHttpDir, nginxHttpConfig, nginxHttp));

        nginxTlsPlain = ProxyProcess.freePort();
        nginxTls = ProxyProcess.freePort();
        Path nginxTlsDir = Files.createDirectory(dir.resolve("nginx-tls"));
        nginxTlsConfig = ProxyProcess.nginxConfig(
                nginxTlsDir,
                ProxyProcess.generatedConfig(
                        "nginx",
                        upstreams,
                        "--listen=" + nginxTlsPlain,
                        "--tls_listen=" + nginxTls,
                        "--tls_cert=" + cert,
                        "--tls_key=" + key,
                        staticPath));
        started(ProxyProcess.nginx(nginxTlsDir, nginxTlsConfig, nginxTlsPlain, nginxTls));

        haproxyHttp = ProxyProcess.freePort();
        haproxyHttpConfig = dir.resolve("haproxy-http.cfg");
        Files.writeString(
                haproxyHttpConfig, ProxyProcess.generatedConfig("haproxy", upstreams, "--listen=" + haproxyHttp));
        started(ProxyProcess.haproxy(haproxyHttpConfig, haproxyHttp));

        haproxyTlsPlain = ProxyProcess.freePort();
        haproxyTls = ProxyProcess.freePort();
        haproxyTlsConfig = dir.resolve("haproxy-tls.cfg");
        Files.writeString(
                haproxyTlsConfig,
                ProxyProcess.generatedConfig(
                        "haproxy",
                        upstreams,
                        "--listen=" + haproxyTlsPlain,
                        "--tls_listen=" + haproxyTls,
                        "--tls_cert=" + pem));
        started(ProxyProcess.haproxy(haproxyTlsConfig, haproxyTlsPlain, haproxyTls));
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
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static <T extends AutoCloseable> T started(T process) {
        STARTED.add(process);
        return process;
    }

    private static HttpClient trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry(
                    "gale-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(WAIT)
                .build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String ip(String remoteIp, String protocol, String host) {
        return "{\"remote_ip\":\"" + remoteIp + "\",\"protocol\":\"" + protocol + "\",\"host\":\"" + host + "\"}";
    }

    private static boolean logged(LauncherProcess launcher, String text) {
        return launcher.stderr().stream().anyMatch(line -> line.contains(text));
    }

    /** Waits until one of the launchers logs a line containing {@code text}; which one, or null when none did. */
    private static LauncherProcess awaitLogInEither(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (LauncherProcess launcher : List.of(first, second)) {
                if (logged(launcher, text)) {
                    return launcher;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    /**
     * Sends requests through the proxy on {@code port} until each launcher has logged one, at most 20; true when
     * both did.
     */
    private static boolean reachesBothLaunchers(String scheme, int port, HttpClient client) throws Exception {
        boolean firstSeen = false;
        boolean secondSeen = false;
        String marker = "reach-" + scheme + "-" + port + "-";
        for (int i = 0; i < 20 && !(firstSeen && secondSeen); i++) {
            HttpResponse<String> response = get(client, scheme + "://127.0.0.1:" + port + "/ip?" + marker + i);
            assertEquals(200, response.statusCode());
            LauncherProcess served = awaitLogInEither("GET /ip?" + marker + i + " ");
            firstSeen |= served == first;
            secondSeen |= served == second;
        }
        return firstSeen && secondSeen;
    }

    @Test
    void nginxAcceptsBothGeneratedConfigs() throws Exception {
        for (Path config : List.of(nginxHttpConfig, nginxTlsConfig)) {
            ProxyProcess.Result check = ProxyProcess.nginxTest(config.getParent(), config);
            assertEquals(0, check.status(), check.output());
            assertTrue(check.output().contains("test is successful"), check.output());
        }
    }

    @Test
    void haproxyAcceptsBothGeneratedConfigs() throws Exception {
        for (Path config : List.of(haproxyHttpConfig, haproxyTlsConfig)) {
            ProxyProcess.Result check = ProxyProcess.haproxyCheck(config);
            assertEquals(0, check.status(), check.output());
            assertTrue(check.output().contains("Configuration file is valid"), check.output());
        }
    }

    @Test
    void nginxPassesTheClientAddressAndScheme() throws Exception {
        RawHttp.Response response = RawHttp.get("127.0.0.2", nginxHttp, "/ip");
        assertEquals(200, response.status(), response.body());
        assertEquals(ip("127.0.0.2", "http", "127.0.0.1:" + nginxHttp), response.body());
    }

    @Test
    void nginxReplacesForwardedHeadersAClientForged() throws Exception {
        RawHttp.Response response = RawHttp.get(
                "127.0.0.2",
                nginxHttp,
                "/ip",
                "X-Real-IP: 203.0.113.9",
                "X-Forwarded-For: 203.0.113.10",
                "X-Scheme: https");
        assertEquals(200, response.status(), response.body());
        assertEquals(ip("127.0.0.2", "http", "127.0.0.1:" + nginxHttp), response.body());
    }

    @Test
    void aLauncherBelievesOnlyItsTrustedProxy() throws Exception {
        int port = first.base().getPort();
        RawHttp.Response fromProxyAddress = RawHttp.get("127.0.0.1", port, "/ip", "X-Real-IP: 203.0.113.9");
        assertEquals(ip("203.0.113.9", "http", "127.0.0.1:" + port), fromProxyAddress.body());

        RawHttp.Response forged = RawHttp.get("127.0.0.2", port, "/ip", "X-Real-IP: 203.0.113.9", "X-Scheme: https");
        assertEquals(200, forged.status(), forged.body());
        assertEquals(ip("127.0.0.2", "http", "127.0.0.1:" + port), forged.body());
    }

    @Test
    void nginxServesStaticFilesItself() throws Exception {
        Path staticDir = Artifacts.staticDir();
        RawHttp.Response versioned = RawHttp.get("127.0.0.2", nginxHttp, "/static/images/logo.png?v=0123456789abcdef");
        assertEquals(200, versioned.status());
        assertEquals("image/png", versioned.header("Content-Type").orElse(""));
        assertEquals(
                String.valueOf(Files.size(staticDir.resolve("images/logo.png"))),
                versioned.header("Content-Length").orElse(""));
        assertEquals("max-age=315360000", versioned.header("Cache-Control").orElse(""));
        assertTrue(versioned.header("Expires").isPresent(), versioned.headers().toString());

        RawHttp.Response unversioned = RawHttp.get("127.0.0.2", nginxHttp, "/static/images/logo.png");
        assertEquals(200, unversioned.status());
        assertEquals("", unversioned.header("Cache-Control").orElse(""));

        RawHttp.Response robots = RawHttp.get("127.0.0.2", nginxHttp, "/robots.txt");
        assertEquals(200, robots.status());
        assertEquals(Files.readString(staticDir.resolve("robots.txt")), robots.body());

        RawHttp.Response favicon = RawHttp.get("127.0.0.2", nginxHttp, "/favicon.ico");
        assertEquals(200, favicon.status());
        assertEquals(
                String.valueOf(Files.size(staticDir.resolve("favicon.ico"))),
                favicon.header("Content-Length").orElse(""));

        // A request that nginx proxies shows up in a launcher's access log...
        RawHttp.Response proxied = RawHttp.get("127.0.0.2", nginxHttp, "/ip?proxied-after-static");
        assertEquals(200, proxied.status());
        assertTrue(
                awaitLogInEither("GET /ip?proxied-after-static (127.0.0.2)") != null, first.output() + second.output());
        // ...and once each launcher has logged a later request of its own, no line names the static files.
        for (LauncherProcess launcher : List.of(first, second)) {
            assertEquals(200, launcher.get("/ip?after-static").statusCode());
            launcher.awaitLog("GET /ip?after-static ", WAIT);
            for (String file : List.of("logo.png", "robots.txt", "favicon.ico")) {
                assertFalse(logged(launcher, file), file + " reached a launcher:" + launcher.output());
            }
        }
    }

    @Test
    void nginxSpreadsRequestsOverBothLaunchers() throws Exception {
        assertTrue(reachesBothLaunchers("http", nginxHttp, first.client()), first.output() + second.output());
    }

    @Test
    void nginxOverHttpsReportsHttps() throws Exception {
        HttpResponse<String> response = get(httpsClient, "https://localhost:" + nginxTls + "/ip");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(ip("127.0.0.1", "https", "localhost:" + nginxTls), response.body());
    }

    @Test
    void aSignedCookieSetOverHttpsIsSecure() throws Exception {
        String base = "https://localhost:" + nginxTls;
        HttpResponse<String> form = get(httpsClient, base + "/login");
        String xsrf = form.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("_xsrf="))
                .map(c -> c.substring(6, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no _xsrf cookie: " + form.headers()));
        HttpResponse<String> login = httpsClient.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Cookie", "_xsrf=" + xsrf)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("_xsrf="
                                + java.net.URLEncoder.encode(xsrf, java.nio.charset.StandardCharsets.UTF_8)
                                + "&name=alice"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), login.body());
        String user = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("user="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no user cookie: " + login.headers()));
        assertTrue(user.contains("; Secure"), user);
        assertTrue(user.contains("; HttpOnly"), user);
    }

    @Test
    void nginxServesStaticFilesOverHttps() throws Exception {
        HttpResponse<String> response = get(httpsClient, "https://localhost:" + nginxTls + "/robots.txt");
        assertEquals(200, response.statusCode());
        assertEquals(Files.readString(Artifacts.staticDir().resolve("robots.txt")), response.body());
    }

    @Test
    void nginxRedirectsPlainHttpToHttps() throws Exception {
        RawHttp.Response response = RawHttp.get("127.0.0.2", nginxTlsPlain, "/ip?a=1");
        assertEquals(301, response.status());
        assertEquals(
                "https://127.0.0.1:" + nginxTls + "/ip?a=1",
                response.header("Location").orElse(""));
    }

    @Test
    void haproxyPassesTheClientAddressAndScheme() throws Exception {
        RawHttp.Response response = RawHttp.get("127.0.0.2", haproxyHttp, "/ip");
        assertEquals(200, response.status(), response.body());
        assertEquals(ip("127.0.0.2", "http", "127.0.0.1:" + haproxyHttp), response.body());
    }

    @Test
    void haproxyReplacesForwardedHeadersAClientForged() throws Exception {
        RawHttp.Response response = RawHttp.get(
                "127.0.0.2",
                haproxyHttp,
                "/ip",
                "X-Real-IP: 203.0.113.9",
                "X-Forwarded-For: 203.0.113.10",
                "X-Scheme: https");
        assertEquals(200, response.status(), response.body());
        assertEquals(ip("127.0.0.2", "http", "127.0.0.1:" + haproxyHttp), response.body());
    }

    @Test
    void haproxySpreadsRequestsOverBothLaunchers() throws Exception {
        assertTrue(reachesBothLaunchers("http", haproxyHttp, first.client()), first.output() + second.output());
    }

    @Test
    void haproxyOverHttpsReportsHttps() throws Exception {
        HttpResponse<String> response = get(httpsClient, "https://localhost:" + haproxyTls + "/ip");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(ip("127.0.0.1", "https", "localhost:" + haproxyTls), response.body());
    }

    @Test
    void haproxyRedirectsPlainHttpToHttps() throws Exception {
        RawHttp.Response response = RawHttp.get("127.0.0.2", haproxyTlsPlain, "/ip?a=1");
        assertEquals(301, response.status());
        assertEquals(
                "https://127.0.0.1:" + haproxyTls + "/ip?a=1",
                response.header("Location").orElse(""));
    }
}
