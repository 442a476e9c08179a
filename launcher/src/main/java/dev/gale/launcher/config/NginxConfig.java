package dev.gale.launcher.config;

import dev.gale.launcher.options.Sizes;

/**
 * An nginx.conf in the structure of Tornado's "Running and deploying" guide: an upstream of the application's
 * processes, {@code X-Real-IP} and {@code X-Scheme} for {@code --xheaders}, static files served by nginx with
 * {@code expires max} on versioned URLs, gzip, and an https server when a certificate is given.
 *
 * <p>It leaves out {@code user}, {@code pid} and {@code error_log}, whose right values depend on how nginx runs:
 * nginx's built-in defaults apply, or {@code -g 'pid ...; error_log ...;'} sets them.
 */
final class NginxConfig {
    private NginxConfig() {}

    static String render(ProxyOptions o, String command) {
        StringBuilder out = new StringBuilder();
        out.append("# Made by: ").append(command).append('\n');
        out.append("""
                worker_processes auto;
                # A proxied request holds two connections in a worker, the client's and the upstream one, and one
                # worker may accept most of the clients: room for 4000 clients per worker, and the files they need.
                worker_rlimit_nofile 20000;

                events {
                    worker_connections 8192;
                }

                http {
                    # One server per application process. max_fails=0: a process that is down during a restart is
                    # skipped for each request (proxy_next_upstream) instead of being marked down for everyone.
                    upstream gale {
                """);
        for (String address : o.upstreams()) {
            out.append("        server ").append(address).append(" max_fails=0;\n");
        }
        out.append("""
                        keepalive 32;
                    }

                """);
        out.append("    include ").append(o.mimeTypes()).append(";\n");
        out.append("""
                    default_type application/octet-stream;

                    keepalive_timeout 65;
                    proxy_read_timeout 200;
                    sendfile on;
                    tcp_nopush on;
                    tcp_nodelay on;
                    gzip on;
                    gzip_min_length 1000;
                    gzip_proxied any;
                    gzip_types text/plain text/css text/xml application/javascript application/json
                               application/xml application/atom+xml image/svg+xml;
                """);
        out.append("    client_max_body_size ")
                .append(Sizes.format(o.maxBodySize()))
                .append(";\n");
        out.append("""

                    # A request whose process cannot be reached, or fails or times out before answering, is tried on
                    # the next one; nginx never re-sends a POST, PATCH or LOCK a process may have taken. A host that
                    # is gone is given up on in 2 s rather than the default 60.
                    proxy_next_upstream error timeout;
                    proxy_connect_timeout 2s;
                """);
        if (o.tls()) {
            out.append("\n    server {\n");
            out.append("        listen ").append(o.listenAddress(o.listen())).append(";\n");
            out.append("        server_name ").append(o.serverName()).append(";\n");
            String port = o.tlsListen() == 443 ? "" : ":" + o.tlsListen();
            out.append("        return 301 https://$host").append(port).append("$request_uri;\n    }\n");
            server(out, o, o.listenAddress(o.tlsListen()) + " ssl", "https");
        } else {
            server(out, o, o.listenAddress(o.listen()), "$scheme");
        }
        out.append("}\n");
        return out.toString();
    }

    private static void server(StringBuilder out, ProxyOptions o, String listen, String scheme) {
        out.append("\n    server {\n");
        out.append("        listen ").append(listen).append(";\n");
        out.append("        server_name ").append(o.serverName()).append(";\n");
        if (o.tls()) {
            out.append("        ssl_certificate ")
                    .append(o.tlsCert().orElseThrow())
                    .append(";\n");
            out.append("        ssl_certificate_key ")
                    .append(o.tlsKey().orElseThrow())
                    .append(";\n");
            out.append("        ssl_protocols TLSv1.2 TLSv1.3;\n");
        }
        o.staticPath().ifPresent(staticPath -> {
            String prefix = o.staticUrlPrefix();
            out.append('\n');
            out.append("        # Static files straight from disk; a versioned URL (?v=...) may be cached for good.\n");
            out.append("        location ^~ ").append(prefix).append(" {\n");
            out.append("            alias ").append(staticPath.toAbsolutePath()).append("/;\n");
            out.append("            if ($query_string) {\n                expires max;\n            }\n        }\n");
            out.append("        location = /favicon.ico {\n            rewrite (.*) ")
                    .append(prefix)
                    .append("favicon.ico;\n        }\n");
            out.append("        location = /robots.txt {\n            rewrite (.*) ")
                    .append(prefix)
                    .append("robots.txt;\n        }\n");
        });
        out.append("""

                        location / {
                            proxy_pass_header Server;
                            proxy_set_header Host $http_host;
                            proxy_redirect off;
                            proxy_set_header X-Real-IP $remote_addr;
                """);
        out.append("            proxy_set_header X-Scheme ").append(scheme).append(";\n");
        out.append("""
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_pass http://gale;
                        }
                    }
                """);
    }
}
