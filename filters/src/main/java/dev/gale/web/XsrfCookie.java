package dev.gale.web;

import dev.gale.internal.security.XsrfToken;

/**
 * One request's XSRF token: the one its {@code _xsrf} cookie holds, or a new one, set as that cookie when a page
 * first asks for it; and the check of what a form or script sends back.
 */
final class XsrfCookie {
    private final RequestHandler handler;
    private XsrfToken cookieToken;
    private String masked;

    XsrfCookie(RequestHandler handler) {
        this.handler = handler;
    }

    /** The token masked anew for this request; sets the cookie when the client has none. */
    String masked() {
        if (masked == null) {
            boolean hadCookie = handler.getCookie("_xsrf")
                    .flatMap(c -> XsrfToken.decode(c, nowSeconds()))
                    .isPresent();
            masked = cookieToken().masked();
            if (!hadCookie) {
                ResponseCookies.setXsrf(handler.request(), handler.response(), masked);
            }
        }
        return masked;
    }

    /** Refuses with 403 unless the {@code _xsrf} argument or header holds the cookie's token. */
    void check() {
        String given = handler.getArgument("_xsrf", null);
        if (given == null) {
            given = handler.request().getHeader("X-XSRFToken");
        }
        if (given == null) {
            given = handler.request().getHeader("X-CSRFToken");
        }
        String method = handler.method();
        if (given == null) {
            throw new HttpError(403, "'_xsrf' argument missing from " + method);
        }
        XsrfToken sent = XsrfToken.decode(given, nowSeconds())
                .orElseThrow(() -> new HttpError(403, "'_xsrf' argument has invalid format"));
        if (!sent.matches(cookieToken())) {
            throw new HttpError(403, "XSRF cookie does not match " + method + " argument");
        }
    }

    private XsrfToken cookieToken() {
        if (cookieToken == null) {
            cookieToken = handler.getCookie("_xsrf")
                    .flatMap(cookie -> XsrfToken.decode(cookie, nowSeconds()))
                    .orElseGet(() -> XsrfToken.generate(nowSeconds()));
        }
        return cookieToken;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
