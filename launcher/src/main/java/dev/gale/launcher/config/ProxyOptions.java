package dev.gale.launcher.config;

import dev.gale.launcher.options.Options;
import dev.gale.launcher.options.PortRanges;
import dev.gale.web.Setting;
import dev.gale.web.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The options of {@code config nginx} and {@code config haproxy}, parsed. */
record ProxyOptions(
        List<String> upstreams,
        Optional<String> listenHost,
        int listen,
        String serverName,
        Optional<Path> staticPath,
        String staticUrlPrefix,
        long maxBodySize,
        Optional<Path> tlsCert,
        Optional<Path> tlsKey,
        int tlsListen,
        Path mimeTypes) {

    static final Setting<List<String>> UPSTREAMS =
            Setting.list("upstreams", List.of(), "The application processes, such as 127.0.0.1:8000-8003; required");
    static final Setting<String> LISTEN = Setting.string(
            "listen", "80", "Port, or HOST:PORT, the proxy listens on for http (https: on that host too)");
    static final Setting<String> SERVER_NAME = Setting.string("server_name", "_", "Host names the server answers");
    static final Setting<Path> STATIC_PATH =
            Setting.path("static_path", "Directory the proxy serves /static/ from itself (nginx)");
    static final Setting<String> STATIC_URL_PREFIX =
            Setting.string("static_url_prefix", "/static/", "URL prefix of the static files");
    static final Setting<Long> MAX_BODY_SIZE = Settings.MAX_BODY_SIZE;
    static final Setting<Path> TLS_CERT =
            Setting.path("tls_cert", "Certificate for https (for haproxy, one PEM file holding certificate and key)");
    static final Setting<Path> TLS_KEY = Setting.path("tls_key", "Private key for https (nginx)");
    static final Setting<Integer> TLS_LISTEN =
            Setting.integer("tls_listen", 443, "Port the proxy listens on for https");
    static final Setting<Path> MIME_TYPES =
            Setting.path("mime_types", "nginx's table of types").withDefault(Path.of("/etc/nginx/mime.types"));

    static final List<Setting<?>> ALL = List.of(
            UPSTREAMS,
            LISTEN,
            SERVER_NAME,
            STATIC_PATH,
            STATIC_URL_PREFIX,
            MAX_BODY_SIZE,
            TLS_CERT,
            TLS_KEY,
            TLS_LISTEN,
            MIME_TYPES);

    /**
     * Checks the values together.
     *
     * @throws IllegalArgumentException whose message starts with the option's name
     */
    static ProxyOptions of(Options values) {
        String listenValue = values.get(LISTEN);
        Optional<String> listenHost = Optional.empty();
        int colon = listenValue.lastIndexOf(':');
        if (colon >= 0) {
            listenHost = Optional.of(listenValue.substring(0, colon));
            if (!listenHost.get().matches("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+]")) {
                throw new IllegalArgumentException("listen: \"" + listenValue
                        + "\" is not PORT or HOST:PORT (an IPv6 address in brackets: [::1]:80)");
            }
        }
        int listen = port(LISTEN, listenValue.substring(colon + 1));
        int tlsListen = port(values, TLS_LISTEN);
        String serverName = values.get(SERVER_NAME);
        if (!serverName.matches("[A-Za-z0-9._*~\\- ]+")) {
            throw new IllegalArgumentException("server_name: \"" + serverName + "\" is not a list of host names");
        }
        for (Setting<Path> path : List.of(STATIC_PATH, TLS_CERT, TLS_KEY, MIME_TYPES)) {
            Path value = values.get(path);
            if (value != null && !value.toString().matches("[^;{}\"'\\\\\\s]+")) {
                throw new IllegalArgumentException(
                        path.name() + ": \"" + value + "\" has characters a config file cannot hold");
            }
        }
        String prefix = values.get(STATIC_URL_PREFIX);
        if (!prefix.matches("/[A-Za-z0-9._~\\-/]*/")) {
            throw new IllegalArgumentException("static_url_prefix: \"" + prefix + "\" must start and end with /");
        }
        List<String> upstreams;
        try {
            upstreams = PortRanges.addresses(values.get(UPSTREAMS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("upstreams: " + e.getMessage(), e);
        }
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("upstreams: no upstream given (such as 127.0.0.1:8000-8003)");
        }
        return new ProxyOptions(
                upstreams,
                listenHost,
                listen,
                serverName,
                Optional.ofNullable(values.get(STATIC_PATH)),
                prefix,
                values.get(MAX_BODY_SIZE),
                Optional.ofNullable(values.get(TLS_CERT)),
                Optional.ofNullable(values.get(TLS_KEY)),
                tlsListen,
                values.get(MIME_TYPES));
    }

    boolean tls() {
        return tlsCert.isPresent();
    }

    /**
     * Checks what only one kind of proxy needs: nginx takes the key from its own file, haproxy from the
     * certificate's PEM file; both need two different ports for http and https.
     *
     * @throws IllegalArgumentException whose message starts with the option's name
     */
    ProxyOptions checkFor(String kind) {
        if (kind.equals("nginx") && tlsCert.isPresent() && tlsKey.isEmpty()) {
            throw new IllegalArgumentException("tls_key: nginx needs the private key's file with --tls_cert");
        }
        if (kind.equals("nginx") && tlsKey.isPresent() && tlsCert.isEmpty()) {
            throw new IllegalArgumentException("tls_cert: nginx needs the certificate's file with --tls_key");
        }
        if (kind.equals("haproxy") && tlsKey.isPresent()) {
            throw new IllegalArgumentException(
                    "tls_key: haproxy reads the key from the --tls_cert file; put certificate and key in that one PEM");
        }
        if (tls() && listen == tlsListen) {
            throw new IllegalArgumentException(
                    "tls_listen: " + tlsListen + " is --listen too; https needs its own port");
        }
        return this;
    }

    /** Where the proxy listens on {@code port}: {@code HOST:PORT}, or the port alone for every address. */
    String listenAddress(int port) {
        return listenHost.map(host -> host + ":" + port).orElse(String.valueOf(port));
    }

    private static int port(Setting<String> setting, String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting.name() + ": \"" + value + "\" is not a port (1 to 65535)", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(setting.name() + ": " + port + " is not a port (1 to 65535)");
        }
        return port;
    }

    private static int port(Options values, Setting<Integer> setting) {
        int port = values.get(setting);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(setting.name() + ": " + port + " is not a port (1 to 65535)");
        }
        return port;
    }
}
