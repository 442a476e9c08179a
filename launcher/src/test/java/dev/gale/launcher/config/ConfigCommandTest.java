package dev.gale.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code java -jar launcher.jar config nginx|haproxy ...}, through {@link ConfigCommand#run}. */
class ConfigCommandTest {
    /** What one run printed and returned. */
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = ConfigCommand.run(List.of(args), o, e);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String config(String... args) {
        Run run = run(args);
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        return run.out();
    }

    /** The lines of {@code text} that match {@code regex}, trimmed. */
    private static List<String> lines(String text, String regex) {
        return text.lines().map(String::strip).filter(l -> l.matches(regex)).toList();
    }

    /** The body of the first {@code NAME ARGS {...}} block whose opening line matches {@code opening}. */
    private static String block(String text, String opening) {
        Matcher m = Pattern.compile("(?m)^\\s*" + opening + "\\s*\\{\\s*$").matcher(text);
        assertTrue(m.find(), () -> "no block " + opening + " in\n" + text);
        int depth = 1;
        int i = m.end();
        for (; i < text.length() && depth > 0; i++) {
            char c = text.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return text.substring(m.end(), i - 1);
    }

    /** The bodies of every nginx {@code server} block. */
    private static List<String> servers(String nginx) {
        List<String> servers = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\s*server\\s*\\{\\s*$").matcher(nginx);
        while (m.find()) {
            servers.add(block(nginx.substring(m.start()), "server"));
        }
        return servers;
    }

    @Test
    void upstreamRangesExpandInNginx() {
        String nginx = config("nginx", "--upstreams=127.0.0.1:8000-8003,10.0.0.5:9000,[::1]:7000,app.internal:80");
        assertEquals(
                List.of(
                        "server 127.0.0.1:8000 max_fails=0;",
                        "server 127.0.0.1:8001 max_fails=0;",
                        "server 127.0.0.1:8002 max_fails=0;",
                        "server 127.0.0.1:8003 max_fails=0;",
                        "server 10.0.0.5:9000 max_fails=0;",
                        "server [::1]:7000 max_fails=0;",
                        "server app.internal:80 max_fails=0;"),
                lines(block(nginx, "upstream gale"), "server .*"));
    }

    @Test
    void upstreamRangesExpandInHaproxy() {
        String haproxy = config("haproxy", "--upstreams", "127.0.0.1:8000-8002,10.0.0.5:9000");
        assertEquals(
                List.of(
                        "server gale0 127.0.0.1:8000 check inter 1s",
                        "server gale1 127.0.0.1:8001 check inter 1s",
                        "server gale2 127.0.0.1:8002 check inter 1s",
                        "server gale3 10.0.0.5:9000 check inter 1s"),
                lines(haproxy, "server .*"));
    }

    @Test
    void nginxFollowsTheDeploymentGuide() {
        String nginx = config(
                "nginx",
                "--upstreams=127.0.0.1:8000-8001",
                "--listen=8080",
                "--server_name=example.com",
                "--static_path=/srv/gale/static",
                "--max_body_size=10m");
        assertTrue(
                nginx.startsWith("# Made by: java -jar launcher.jar config nginx --upstreams=127.0.0.1:8000-8001"),
                nginx);
        // 1000 clients proxied to the processes need more than nginx's default 1024 connections in a worker.
        assertEquals(List.of("worker_connections 8192;"), lines(block(nginx, "events"), "worker_connections .*"));
        assertEquals(List.of("worker_rlimit_nofile 20000;"), lines(nginx, "worker_rlimit_nofile .*"));
        String http = block(nginx, "http");
        assertEquals(List.of("proxy_next_upstream error timeout;"), lines(http, "proxy_next_upstream .*"));
        assertEquals(List.of("proxy_connect_timeout 2s;"), lines(http, "proxy_connect_timeout .*"));
        assertEquals(List.of("client_max_body_size 10m;"), lines(http, "client_max_body_size .*"));
        assertEquals(List.of("include /etc/nginx/mime.types;"), lines(http, "include .*"));
        List<String> servers = servers(nginx);
        assertEquals(1, servers.size(), nginx);
        String server = servers.get(0);
        assertEquals(List.of("listen 8080;"), lines(server, "listen .*"));
        assertEquals(List.of("server_name example.com;"), lines(server, "server_name .*"));

        String proxied = block(server, "location /");
        assertEquals(
                List.of(
                        "proxy_pass_header Server;",
                        "proxy_set_header Host $http_host;",
                        "proxy_redirect off;",
                        "proxy_set_header X-Real-IP $remote_addr;",
                        "proxy_set_header X-Scheme $scheme;",
                        "proxy_http_version 1.1;",
                        "proxy_set_header Connection \"\";",
                        "proxy_pass http://gale;"),
                lines(proxied, ".+"));

        String statics = block(server, "location \\^~ /static/");
        assertEquals(List.of("alias /srv/gale/static/;"), lines(statics, "alias .*"));
        assertEquals(List.of("expires max;"), lines(block(statics, "if \\(\\$query_string\\)"), ".+"));
        assertEquals(
                List.of("rewrite (.*) /static/favicon.ico;"), lines(block(server, "location = /favicon.ico"), ".+"));
        assertEquals(List.of("rewrite (.*) /static/robots.txt;"), lines(block(server, "location = /robots.txt"), ".+"));
        assertFalse(nginx.contains("ssl"), nginx);
    }

    @Test
    void nginxWithoutStaticPathProxiesEverything() {
        String nginx = config("nginx", "--upstreams=127.0.0.1:8000");
        String server = servers(nginx).get(0);
        assertEquals(List.of("listen 80;"), lines(server, "listen .*"));
        assertEquals(List.of("location / {"), lines(server, "location .*"));
        assertEquals(List.of("client_max_body_size 50m;"), lines(nginx, "client_max_body_size .*"));
    }

    @Test
    void nginxStaticUrlPrefixMovesTheLocationAndTheRewrites() {
        String nginx =
                config("nginx", "--upstreams=127.0.0.1:8000", "--static_path=/srv/s", "--static_url_prefix=/assets/");
        assertEquals(
                List.of(
                        "location ^~ /assets/ {",
                        "location = /favicon.ico {",
                        "location = /robots.txt {",
                        "location / {"),
                lines(nginx, "location .*"));
        assertEquals(
                List.of("rewrite (.*) /assets/favicon.ico;", "rewrite (.*) /assets/robots.txt;"),
                lines(nginx, "rewrite .*"));
    }

    @Test
    void nginxRelativeStaticPathBecomesAbsolute() {
        String nginx = config("nginx", "--upstreams=127.0.0.1:8000", "--static_path=static");
        assertEquals(List.of("alias " + Path.of("static").toAbsolutePath() + "/;"), lines(nginx, "alias .*"));
    }

    @Test
    void nginxWithACertificateServesHttpsAndRedirectsHttp() {
        String nginx = config(
                "nginx",
                "--upstreams=127.0.0.1:8000",
                "--tls_cert=/etc/ssl/gale.crt",
                "--tls_key=/etc/ssl/gale.key",
                "--static_path=/srv/s");
        List<String> servers = servers(nginx);
        assertEquals(2, servers.size(), nginx);
        String redirect = servers.get(0);
        assertEquals(
                List.of("listen 80;", "server_name _;", "return 301 https://$host$request_uri;"),
                lines(redirect, ".+"));
        String https = servers.get(1);
        assertEquals(List.of("listen 443 ssl;"), lines(https, "listen .*"));
        assertEquals(List.of("ssl_certificate /etc/ssl/gale.crt;"), lines(https, "ssl_certificate .*"));
        assertEquals(List.of("ssl_certificate_key /etc/ssl/gale.key;"), lines(https, "ssl_certificate_key .*"));
        assertEquals(List.of("proxy_set_header X-Scheme https;"), lines(https, "proxy_set_header X-Scheme .*"));
        assertEquals(List.of("proxy_set_header X-Real-IP $remote_addr;"), lines(https, ".*X-Real-IP.*"));
        assertEquals(List.of("proxy_pass_header Server;"), lines(https, "proxy_pass_header .*"));
        assertEquals(
                List.of(
                        "location ^~ /static/ {",
                        "location = /favicon.ico {",
                        "location = /robots.txt {",
                        "location / {"),
                lines(https, "location .*"));
    }

    @Test
    void nginxRedirectNamesAnHttpsPortOtherThan443() {
        String nginx = config(
                "nginx",
                "--upstreams=127.0.0.1:8000",
                "--listen=8080",
                "--tls_listen=8443",
                "--tls_cert=/c.pem",
                "--tls_key=/k.pem");
        assertEquals(List.of("return 301 https://$host:8443$request_uri;"), lines(nginx, "return .*"));
        assertEquals(List.of("listen 8080;", "listen 8443 ssl;"), lines(nginx, "listen .*"));
    }

    @Test
    void haproxyFollowsTheDeploymentGuide() {
        String haproxy = config("haproxy", "--upstreams=127.0.0.1:8000-8001", "--listen=8080", "--max_body_size=1k");
        assertTrue(haproxy.startsWith("# Made by: java -jar launcher.jar config haproxy"), haproxy);
        assertEquals(List.of("bind *:8080"), lines(haproxy, "bind .*"));
        assertEquals(
                List.of(
                        "http-request set-header X-Real-IP %[src]",
                        "http-request set-header X-Scheme https if { ssl_fc }",
                        "http-request set-header X-Scheme http unless { ssl_fc }",
                        "http-request deny deny_status 413 if { req.hdr_val(content-length) gt 1024 }"),
                lines(haproxy, "http-request (set-header|deny) .*"));
        assertEquals(List.of("retry-on conn-failure empty-response response-timeout"), lines(haproxy, "retry-on .*"));
        assertEquals(List.of("retries 3"), lines(haproxy, "retries .*"));
        assertEquals(
                List.of("http-request disable-l7-retry unless { method GET HEAD OPTIONS PUT DELETE }"),
                lines(haproxy, "http-request disable-l7-retry .*"));
        assertEquals(List.of("option httpchk GET /_gale/ready"), lines(haproxy, "option httpchk .*"));
        assertEquals(List.of("http-check expect status 200"), lines(haproxy, "http-check .*"));
        assertEquals(List.of("default-server fall 2 rise 2 tcp-ut 4s"), lines(haproxy, "default-server .*"));
        assertEquals(
                List.of("option srvtcpka", "srvtcpka-idle 2s", "srvtcpka-intvl 1s", "srvtcpka-cnt 2"),
                lines(haproxy, "(option )?srvtcpka.*"));
        assertEquals(List.of("option redispatch 1"), lines(haproxy, "option redispatch.*"));
        assertEquals(List.of("balance roundrobin"), lines(haproxy, "balance .*"));
        assertEquals(List.of("default_backend gale"), lines(haproxy, "default_backend .*"));
    }

    @ParameterizedTest(name = "--max_body_size={0} is {1} bytes")
    @CsvSource({"50m, 52428800", "512k, 524288", "2G, 2147483648", "1000, 1000"})
    void haproxyLimitsTheBodyInBytes(String size, long bytes) {
        String haproxy = config("haproxy", "--upstreams=127.0.0.1:8000", "--max_body_size=" + size);
        assertEquals(
                List.of("http-request deny deny_status 413 if { req.hdr_val(content-length) gt " + bytes + " }"),
                lines(haproxy, "http-request deny .*"));
    }

    @Test
    void haproxyWithACertificateServesHttpsAndRedirectsHttp() {
        String haproxy = config("haproxy", "--upstreams=127.0.0.1:8000", "--tls_cert=/etc/ssl/gale.pem");
        assertEquals(List.of("bind *:80", "bind *:443 ssl crt /etc/ssl/gale.pem"), lines(haproxy, "bind .*"));
        assertEquals(
                List.of("http-request redirect location https://%[req.hdr(host),regsub(:[0-9]+$,)]"
                        + "%[capture.req.uri] code 301 unless { ssl_fc }"),
                lines(haproxy, "http-request redirect .*"));
    }

    @Test
    void haproxyRedirectNamesAnHttpsPortOtherThan443() {
        String haproxy = config(
                "haproxy", "--upstreams=127.0.0.1:8000", "--listen=8080", "--tls_listen=8443", "--tls_cert=/c.pem");
        assertEquals(List.of("bind *:8080", "bind *:8443 ssl crt /c.pem"), lines(haproxy, "bind .*"));
        assertEquals(
                List.of("http-request redirect location https://%[req.hdr(host),regsub(:[0-9]+$,)]:8443"
                        + "%[capture.req.uri] code 301 unless { ssl_fc }"),
                lines(haproxy, "http-request redirect .*"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            nginx   | --upstreams=                                  | --upstreams
            nginx   | --listen=8080                                 | --upstreams
            nginx   | --upstreams=127.0.0.1                         | --upstreams
            nginx   | --upstreams=127.0.0.1:80-                     | --upstreams
            nginx   | --upstreams=127.0.0.1:8003-8000               | --upstreams
            nginx   | --upstreams=127.0.0.1:0                       | --upstreams
            nginx   | --upstreams=127.0.0.1:65536                   | --upstreams
            nginx   | --upstreams=127.0.0.1:1000-9000               | --upstreams
            nginx   | --upstreams=127.0.0.1:80;evil                 | --upstreams
            haproxy | --upstreams=host name:80                      | --upstreams
            nginx   | --upstreams=127.0.0.1:80 --listen=0           | --listen
            nginx   | --upstreams=127.0.0.1:80 --listen=http        | --listen
            nginx   | --upstreams=127.0.0.1:80 --listen=10.0.0.1:   | --listen
            nginx   | --upstreams=127.0.0.1:80 --listen=a;b:80      | --listen
            haproxy | --upstreams=127.0.0.1:80 --listen=::1:80      | --listen
            haproxy | --upstreams=127.0.0.1:80 --listen=10.0.0.1:0  | --listen
            haproxy | --upstreams=127.0.0.1:80 --listen=65536       | --listen
            nginx   | --upstreams=127.0.0.1:80 --tls_listen=70000   | --tls_listen
            haproxy | --upstreams=127.0.0.1:80 --tls_listen=0       | --tls_listen
            nginx   | --upstreams=127.0.0.1:80 --max_body_size=50x  | --max_body_size
            haproxy | --upstreams=127.0.0.1:80 --max_body_size=-1   | --max_body_size
            nginx   | --upstreams=127.0.0.1:80 --server_name=a;b    | --server_name
            nginx   | --upstreams=127.0.0.1:80 --static_path=/a{b}  | --static_path
            nginx   | --upstreams=127.0.0.1:80 --tls_cert=/c;x --tls_key=/k | --tls_cert
            nginx   | --upstreams=127.0.0.1:80 --mime_types=/a b    | --mime_types
            nginx   | --upstreams=127.0.0.1:80 --static_url_prefix=static | --static_url_prefix
            nginx   | --upstreams=127.0.0.1:80 --static_url_prefix=/ | --static_url_prefix
            nginx   | --upstreams=127.0.0.1:80 --tls_cert=/c.pem    | --tls_key
            nginx   | --upstreams=127.0.0.1:80 --tls_key=/k.pem     | --tls_cert
            haproxy | --upstreams=127.0.0.1:80 --tls_cert=/c.pem --tls_key=/k.pem | --tls_key
            nginx   | --upstreams=127.0.0.1:80 --tls_cert=/c --tls_key=/k --listen=8443 --tls_listen=8443 | --tls_listen
            nginx   | --upstreams=127.0.0.1:80 --no_such=1          | --no_such
            nginx   | --upstreams=127.0.0.1:80 --listen             | --listen
            haproxy | --upstreams=127.0.0.1:80 stray                | stray
            """)
    void aBadValueExitsTwoWithOneLineNamingTheOption(String kind, String options, String named) {
        List<String> args = new ArrayList<>(List.of(kind));
        args.addAll(List.of(options.split(" (?=--|stray)")));
        Run run = run(args.toArray(String[]::new));
        assertEquals(2, run.status(), run.out() + run.err());
        assertEquals("", run.out());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("error: "), run.err());
        assertTrue(lines.get(0).contains(named), run.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''
            apache
            --upstreams=127.0.0.1:80
            """)
    void aMissingOrUnknownKindExitsTwoNamingTheKinds(String first) {
        Run run = first.isEmpty() ? run() : run(first);
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("nginx, haproxy"), run.err());
    }

    @Test
    void helpListsTheOptionsAndExitsZero() {
        Run run = run("nginx", "--help");
        assertEquals(0, run.status());
        for (String option : List.of(
                "--upstreams",
                "--listen",
                "--server_name",
                "--static_path",
                "--static_url_prefix",
                "--max_body_size",
                "--tls_cert",
                "--tls_key",
                "--tls_listen",
                "--mime_types")) {
            assertTrue(run.out().contains(option), option + " in\n" + run.out());
        }
    }

    @Test
    void supervisordWarnsWhenOpenFilesIsAboveTheHardLimit() throws Exception {
        long hard = ((com.sun.management.UnixOperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        Path file = java.nio.file.Files.createTempFile("gale-secret", "");
        String secret = "--secret_file=" + file;
        Run above = run("supervisord", "--command=java -jar notes.war", "--open_files=" + (hard + 1), secret);
        assertEquals(0, above.status(), above.err());
        assertEquals(
                "warning: --open_files=" + (hard + 1) + " is above this host's hard open-file limit of " + hard
                        + ": supervisord will refuse minfds = " + (hard + 1)
                        + " here; raise the limit or give --open_files="
                        + hard + "\n",
                above.err());
        Run within = run("supervisord", "--command=java -jar notes.war", "--open_files=" + hard, secret);
        assertEquals("", within.err());
        assertTrue(
                within.out().contains("\ncommand = java -jar notes.war --config=" + file + " --port=8000 "),
                within.out());
    }

    @Test
    void nginxListensOnTheAddressOfHostAndPort() {
        assertEquals(
                List.of("listen 198.18.0.10:80;"),
                lines(config("nginx", "--upstreams=198.18.0.11:8000", "--listen=198.18.0.10:80"), "listen .*"));
        assertEquals(
                List.of("listen [::1]:8080;"),
                lines(config("nginx", "--upstreams=127.0.0.1:8000", "--listen=[::1]:8080"), "listen .*"));
        assertEquals(
                List.of("listen 10.0.0.1:80;", "listen 10.0.0.1:443 ssl;"),
                lines(
                        config(
                                "nginx",
                                "--upstreams=127.0.0.1:8000",
                                "--listen=10.0.0.1:80",
                                "--tls_cert=/c.pem",
                                "--tls_key=/k.pem"),
                        "listen .*"));
    }

    @Test
    void haproxyBindsTheAddressOfHostAndPort() {
        assertEquals(
                List.of("bind 198.18.0.10:80"),
                lines(config("haproxy", "--upstreams=198.18.0.11:8000", "--listen=198.18.0.10:80"), "bind .*"));
        assertEquals(
                List.of("bind lb.internal:8080", "bind lb.internal:8443 ssl crt /c.pem"),
                lines(
                        config(
                                "haproxy",
                                "--upstreams=127.0.0.1:8000",
                                "--listen=lb.internal:8080",
                                "--tls_listen=8443",
                                "--tls_cert=/c.pem"),
                        "bind .*"));
    }

    private static final String HOST_OPTIONS =
            " --address=198.18.0.11 --xheaders --trusted_proxies=198.18.0.10/32 --port=";

    @Test
    void supervisordGivesEachProcessTheHostOptionsAndTheSecretFile() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("gale-config");
        Path secret = dir.resolve("secret");
        Run run = run(
                "supervisord",
                "--command=java -jar /srv/app.war",
                "--ports=8000-8001",
                "--address=198.18.0.11",
                "--xheaders",
                "--trusted_proxies=198.18.0.10/32",
                "--secret_file=" + secret,
                "--open_files=1024");
        assertEquals(0, run.status(), run.err());
        assertEquals(
                List.of(
                        "command = java -jar /srv/app.war --config=" + secret + HOST_OPTIONS
                                + "8000 --shutdown_timeout=10s",
                        "command = java -jar /srv/app.war --config=" + secret + HOST_OPTIONS
                                + "8001 --shutdown_timeout=10s"),
                lines(run.out(), "command = .*"));
        assertEquals(
                "wrote a new cookie secret to " + secret + " (mode 0600): copy this same file to every host\n",
                run.err());
        String written = java.nio.file.Files.readString(secret);
        assertTrue(written.matches("COOKIE_SECRET=[A-Za-z0-9+/=_\\-]{32,}\n"), written);
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(secret)));
        assertFalse(
                run.out().contains(written.substring("COOKIE_SECRET=".length()).strip()), run.out());
        assertEquals(List.of(), lines(run.out(), "environment.*"));

        Run again =
                run("supervisord", "--command=java -jar /srv/app.war", "--secret_file=" + secret, "--open_files=1024");
        assertEquals(0, again.status(), again.err());
        assertEquals(written, java.nio.file.Files.readString(secret));
        assertFalse(again.err().contains("secret"), again.err());
    }

    @Test
    void haproxySaysWhichDrainDelayOutlastsItsChecks() {
        String haproxy = config("haproxy", "--upstreams=127.0.0.1:8000");
        assertEquals(List.of("default-server fall 2 rise 2 tcp-ut 4s"), lines(haproxy, "default-server .*"));
        assertEquals(List.of("server gale0 127.0.0.1:8000 check inter 1s"), lines(haproxy, "server gale0 .*"));
        assertTrue(haproxy.contains("--drain_delay=2s or more (inter x fall)"), haproxy);
    }

    @Test
    void theProcessManagersPassTheDrainDelayAndWaitForItBeforeTheyKill() throws Exception {
        Path secret = java.nio.file.Files.createTempDirectory("gale-config").resolve("secret");
        String supervisord = run(
                        "supervisord",
                        "--command=java -jar /srv/app.war",
                        "--ports=8000",
                        "--drain_delay=4s",
                        "--shutdown_timeout=20s",
                        "--secret_file=" + secret,
                        "--open_files=1024")
                .out();
        assertEquals(
                List.of("command = java -jar /srv/app.war --config=" + secret + " --port=8000 --drain_delay=4s "
                        + "--shutdown_timeout=20s"),
                lines(supervisord, "command = .*"));
        assertEquals(List.of("stopwaitsecs = 29"), lines(supervisord, "stopwaitsecs = .*"));

        String systemd = config(
                "systemd", "--command=java -jar /srv/app.war", "--drain_delay=1500ms", "--secret_file=" + secret);
        assertEquals(
                List.of("ExecStart=java -jar /srv/app.war --port=%i --drain_delay=1500ms --shutdown_timeout=10s"),
                lines(systemd, "ExecStart=.*"));
        assertEquals(List.of("TimeoutStopSec=17"), lines(systemd, "TimeoutStopSec=.*"));
    }

    @Test
    void systemdReadsTheSecretFileAsItsEnvironment() throws Exception {
        Path secret = java.nio.file.Files.createTempDirectory("gale-config").resolve("secret");
        String given = "a".repeat(16) + "B".repeat(16) + "0123456789";
        Run run = run(
                "systemd",
                "--command=java -jar /srv/app.war",
                "--address=198.18.0.11",
                "--xheaders",
                "--trusted_proxies=198.18.0.10/32",
                "--secret_file=" + secret,
                "--cookie_secret=" + given,
                "--user=gale");
        assertEquals(0, run.status(), run.err());
        assertEquals(
                List.of("ExecStart=java -jar /srv/app.war" + HOST_OPTIONS + "%i --shutdown_timeout=10s"),
                lines(run.out(), "ExecStart=.*"));
        assertEquals(List.of("EnvironmentFile=" + secret), lines(run.out(), "EnvironmentFile=.*"));
        assertEquals(List.of("User=gale"), lines(run.out(), "User=.*"));
        assertEquals(List.of("ExecReload=/bin/kill -HUP $MAINPID"), lines(run.out(), "ExecReload=.*"));
        assertEquals(List.of(), lines(run.out(), "Environment=.*"));
        assertFalse(run.out().contains(given), run.out());
        assertTrue(
                run.out()
                        .startsWith("# Made by: java -jar launcher.jar config systemd --command=java -jar "
                                + "/srv/app.war --address=198.18.0.11 --xheaders --trusted_proxies=198.18.0.10/32 --secret_file="
                                + secret + " --cookie_secret=... --user=gale\n"),
                run.out());
        assertEquals("COOKIE_SECRET=" + given + "\n", java.nio.file.Files.readString(secret));
        assertEquals(
                "wrote the cookie secret to " + secret + " (mode 0600): copy this same file to every host\n",
                run.err());

        Run twice = run(
                "systemd", "--command=java -jar /srv/app.war", "--secret_file=" + secret, "--cookie_secret=" + given);
        assertEquals(2, twice.status(), twice.err());
        assertTrue(twice.err().startsWith("error: --cookie_secret: " + secret + " exists already"), twice.err());
    }

    @Test
    void aSecretFileOthersCanReadIsWarnedAbout() throws Exception {
        Path secret = java.nio.file.Files.createTempFile("gale-secret", "");
        java.nio.file.Files.setPosixFilePermissions(
                secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Run run = run("systemd", "--command=java -jar /srv/app.war", "--secret_file=" + secret);
        assertEquals(0, run.status(), run.err());
        assertEquals("warning: " + secret + " can be read by every user; chmod o-r it\n", run.err());
    }

    @Test
    void withoutASecretFileEachProcessWouldSignWithItsOwnSecretAndTheUserIsTold() {
        for (String kind : List.of("supervisord", "systemd")) {
            Run run = run(kind, "--command=java -jar /srv/app.war", "--open_files=1024");
            assertEquals(0, run.status(), run.err());
            assertFalse(run.out().contains("COOKIE_SECRET"), run.out());
            List<String> lines = run.err().lines().toList();
            assertEquals(1, lines.size(), run.err());
            assertTrue(
                    lines.get(0)
                            .startsWith(
                                    "warning: no --secret_file: each process makes its own random cookie" + " secret"),
                    run.err());
            assertTrue(
                    lines.get(0)
                            .contains("every process on every host needs the same secret: give "
                                    + "--secret_file=/etc/gale/secret"),
                    run.err());
        }
    }

    @Test
    void xheadersWithoutTrustedProxiesSaysOnlyLoopbackIsBelieved() throws Exception {
        Path secret = java.nio.file.Files.createTempFile("gale-secret", "");
        Run run = run("systemd", "--command=java -jar /srv/app.war", "--xheaders", "--secret_file=" + secret);
        assertEquals(0, run.status(), run.err());
        assertEquals(
                List.of("ExecStart=java -jar /srv/app.war --xheaders --port=%i --shutdown_timeout=10s"),
                lines(run.out(), "ExecStart=.*"));
        assertTrue(
                run.err()
                        .startsWith("warning: --xheaders without --trusted_proxies: the processes believe "
                                + "forwarded headers from loopback only"),
                run.err());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            supervisord | --trusted_proxies=10.0.0.300/32 --xheaders  | --trusted_proxies
            systemd     | --trusted_proxies=10.0.0.10/32              | --trusted_proxies
            supervisord | --address=a;b                               | --address
            systemd     | --cookie_secret=0123456789abcdef0123456789abcdef | --cookie_secret
            supervisord | --secret_file=/etc/a b                       | --secret_file
            """)
    void aBadHostOptionExitsTwoNamingIt(String kind, String options, String named) {
        List<String> args = new ArrayList<>(List.of(kind, "--command=java -jar /srv/app.war"));
        args.addAll(List.of(options.split(" (?=--)")));
        Run run = run(args.toArray(String[]::new));
        assertEquals(2, run.status(), run.out() + run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: " + named), run.err());
    }
}
