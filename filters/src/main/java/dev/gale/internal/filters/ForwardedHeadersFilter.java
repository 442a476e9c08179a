package dev.gale.internal.filters;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * {@code xheaders} in a WAR: applies {@link ForwardedRule} to each request, so the application sees the client's
 * address, scheme and host behind a trusted proxy in any container. The launcher does the same in its Jetty
 * connector instead.
 */
public final class ForwardedHeadersFilter extends HttpFilter {
    private final transient ForwardedRule rule;

    public ForwardedHeadersFilter(ForwardedRule rule) {
        this.rule = rule;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String host = request.getHeader("Host");
        ForwardedRule.View view = rule.resolve(
                request.getRemoteAddr(),
                request.getScheme(),
                host == null ? "" : host,
                name -> Collections.list(request.getHeaders(name)));
        boolean changed = !view.remoteIp().equals(request.getRemoteAddr())
                || !view.scheme().equals(request.getScheme())
                || !view.host().equals(host == null ? "" : host);
        chain.doFilter(changed ? new Forwarded(request, view) : request, response);
    }

    /** The request as the client sent it to the proxy. */
    private static final class Forwarded extends HttpServletRequestWrapper {
        private final ForwardedRule.View view;

        Forwarded(HttpServletRequest request, ForwardedRule.View view) {
            super(request);
            this.view = view;
        }

        @Override
        public String getRemoteAddr() {
            return view.remoteIp();
        }

        @Override
        public String getRemoteHost() {
            return view.remoteIp();
        }

        @Override
        public String getScheme() {
            return view.scheme();
        }

        @Override
        public boolean isSecure() {
            return view.scheme().equals("https");
        }

        @Override
        public String getHeader(String name) {
            return name.equalsIgnoreCase("Host") && !view.host().isEmpty() ? view.host() : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return name.equalsIgnoreCase("Host") && !view.host().isEmpty()
                    ? Collections.enumeration(List.of(view.host()))
                    : super.getHeaders(name);
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(view.scheme())
                    .append("://")
                    .append(view.host())
                    .append(getRequestURI());
        }
    }
}
