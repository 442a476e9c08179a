package dev.gale.launcher;

import dev.gale.filters.ForwardedRule;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

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
        String scheme = request.getHttpURI().getScheme() != null ? request.getHttpURI().getScheme() : "http";
        ForwardedRule.View view = rule.resolve(peer.getAddress().getHostAddress(), scheme, host == null ? "" : host,
                headers::getValuesList);
        boolean newAddress = !view.remoteIp().equals(peer.getAddress().getHostAddress());
        boolean newScheme = !view.scheme().equals(scheme);
        if (!newAddress && !newScheme && view.host().equals(host == null ? "" : host)) {
            return request;
        }
        HttpURI uri = HttpURI.build(request.getHttpURI()).scheme(view.scheme());
        if (!view.host().isEmpty() && !view.host().equals(host)) {
            int colon = view.host().lastIndexOf(':');
            boolean hasPort = colon > view.host().lastIndexOf(']');
            ((HttpURI.Mutable) uri).host(hasPort ? view.host().substring(0, colon) : view.host());
        }
        InetSocketAddress client = newAddress
                ? InetSocketAddress.createUnresolved(view.remoteIp(), peer.getPort())
                : peer;
        boolean secure = HttpScheme.HTTPS.is(view.scheme());
        return new Forwarded(request, uri, client, secure);
    }

    /** The request as the client sent it to the proxy. */
    private static final class Forwarded extends Request.Wrapper {
        private final HttpURI uri;
        private final ConnectionMetaData connection;
        private final boolean secure;

        Forwarded(Request request, HttpURI uri, InetSocketAddress client, boolean secure) {
            super(request);
            this.uri = uri;
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
        public boolean isSecure() {
            return secure;
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return connection;
        }
    }
}
