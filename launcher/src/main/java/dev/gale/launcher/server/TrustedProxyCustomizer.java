package dev.gale.launcher.server;

import dev.gale.internal.filters.ForwardedRule;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;

/**
 * {@code --xheaders} on the launcher's connector: Gale's {@link ForwardedRule} (right to left past trusted
 * proxies, default deny) in place of Jetty's {@code ForwardedRequestCustomizer}, which believes the left-most
 * {@code X-Forwarded-For} from any peer.
 */
final class TrustedProxyCustomizer implements HttpConfiguration.Customizer {
    private final ForwardedRule rule;

    TrustedProxyCustomizer(ForwardedRule rule) {
        this.rule = rule;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress peer) || peer.getAddress() == null) {
            return request;
        }
        HttpFields headers = request.getHeaders();
        String host = headers.get(HttpHeader.HOST);
        String scheme =
                request.getHttpURI().getScheme() != null ? request.getHttpURI().getScheme() : "http";
        ForwardedRule.View view = rule.resolve(
                peer.getAddress().getHostAddress(), scheme, host == null ? "" : host, headers::getValuesList);
        boolean newAddress = !view.remoteIp().equals(peer.getAddress().getHostAddress());
        boolean newScheme = !view.scheme().equals(scheme);
        if (!newAddress && !newScheme && view.host().equals(host == null ? "" : host)) {
            return request;
        }
        HttpURI.Mutable uri = HttpURI.build(request.getHttpURI()).scheme(view.scheme());
        HttpFields forwardedHeaders = headers;
        if (!view.host().isEmpty() && !view.host().equals(host)) {
            // The Host header and the URI's authority change together: the application reads the header, and
            // Jetty answers 400 when the two disagree.
            HostPort authority = new HostPort(view.host());
            uri.authority(authority.getHost(), authority.hasPort() ? authority.getPort() : -1);
            forwardedHeaders =
                    HttpFields.build(headers).put(HttpHeader.HOST, view.host()).asImmutable();
        }
        InetSocketAddress client =
                newAddress ? InetSocketAddress.createUnresolved(view.remoteIp(), peer.getPort()) : peer;
        boolean secure = HttpScheme.HTTPS.is(view.scheme());
        return new Forwarded(request, uri, forwardedHeaders, client, secure);
    }

    /** The request as the client sent it to the proxy. */
    private static final class Forwarded extends Request.Wrapper {
        private final HttpURI uri;
        private final HttpFields headers;
        private final ConnectionMetaData connection;
        private final boolean secure;

        Forwarded(Request request, HttpURI uri, HttpFields headers, InetSocketAddress client, boolean secure) {
            super(request);
            this.uri = uri;
            this.headers = headers;
            this.secure = secure;
            this.connection = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                @Override
                public SocketAddress getRemoteSocketAddress() {
                    return client;
                }

                @Override
                public boolean isSecure() {
                    return secure;
                }
            };
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return connection;
        }
    }
}
