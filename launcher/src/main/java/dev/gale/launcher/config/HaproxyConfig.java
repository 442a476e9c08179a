package dev.gale.launcher.config;

/**
 * An haproxy.cfg for the same setup: round robin over the application's processes with health checks, a retry on
 * another process when one cannot be reached, and {@code X-Real-IP}/{@code X-Scheme} for {@code --xheaders}.
 */
final class HaproxyConfig {
    private HaproxyConfig() {}

    static String render(ProxyOptions o, String command) {
        StringBuilder out = new StringBuilder();
        out.append("# Made by: ").append(command).append('\n');
        out.append("""
                global
                    maxconn 4096

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 65s
                    timeout server 200s
                    timeout http-request 10s
                    option http-keep-alive
                    # A request whose process cannot be reached is retried on another, each retry on another
                    # (a host whose network is gone lets a connect wait out "timeout connect"). So is an idempotent
                    # one whose process closed an idle connection as the request came, or did not answer in time;
                    # a POST or PATCH the process may have taken is never re-sent.
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout
                    # A host whose network is gone neither answers nor refuses: TCP keep-alive probes on a connection
                    # waiting for an answer, and a limit on unacknowledged data, end its connections within 4 s, so
                    # a request on one is retried as above instead of waiting for "timeout server".
                    option srvtcpka
                    srvtcpka-idle 2s
                    srvtcpka-intvl 1s
                    srvtcpka-cnt 2

                frontend gale
                """);
        out.append("    bind ")
                .append(o.listenHost().orElse("*"))
                .append(':')
                .append(o.listen())
                .append('\n');
        if (o.tls()) {
            out.append("    bind ")
                    .append(o.listenHost().orElse("*"))
                    .append(':')
                    .append(o.tlsListen())
                    .append(" ssl crt ")
                    .append(o.tlsCert().orElseThrow())
                    .append('\n');
            // Not "redirect scheme https": that keeps the port of the Host header, the http port.
            String port = o.tlsListen() == 443 ? "" : ":" + o.tlsListen();
            out.append("    http-request redirect location https://%[req.hdr(host),regsub(:[0-9]+$,)]")
                    .append(port)
                    .append("%[capture.req.uri] code 301 unless { ssl_fc }\n");
        }
        out.append("""
                    http-request set-header X-Real-IP %[src]
                    http-request set-header X-Scheme https if { ssl_fc }
                    http-request set-header X-Scheme http unless { ssl_fc }
                """);
        out.append("    http-request deny deny_status 413 if { req.hdr_val(content-length) gt ")
                .append(o.maxBodySize())
                .append(" }\n");
        out.append("""
                    default_backend gale

                backend gale
                    balance roundrobin
                    # A process is taken out after two failed checks, a second apart (inter 1s, fall 2), and back
                    # in after two passes. /_gale/ready answers 503 once it stops; start the processes with
                    # --drain_delay=2s or more (inter x fall) so it is taken out before its port closes.
                    option httpchk GET /_gale/ready
                    http-check expect status 200
                    default-server fall 2 rise 2 tcp-ut 4s
                    http-request disable-l7-retry unless { method GET HEAD OPTIONS PUT DELETE }
                """);
        int i = 0;
        for (String address : o.upstreams()) {
            out.append("    server gale")
                    .append(i++)
                    .append(' ')
                    .append(address)
                    .append(" check inter 1s\n");
        }
        return out.toString();
    }
}
