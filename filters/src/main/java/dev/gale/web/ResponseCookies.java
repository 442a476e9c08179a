package dev.gale.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;

/** The cookies a handler sets: for the application's context path, {@code SameSite=Lax}, secure over HTTPS. */
final class ResponseCookies {
    private ResponseCookies() {}

    /** An {@code HttpOnly} cookie kept for {@code maxAge}, or for the session when it is zero or negative. */
    static void set(
            HttpServletRequest request, HttpServletResponse response, String name, String value, Duration maxAge) {
        CookieLimits.check(name, value, path(request));
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(path(request));
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Lax");
        if (request.isSecure()) {
            cookie.setSecure(true);
        }
        if (!maxAge.isNegative() && !maxAge.isZero()) {
            cookie.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
        }
        response.addCookie(cookie);
    }

    /** The {@code _xsrf} cookie: readable by the page's scripts, which send it back in a header. */
    static void setXsrf(HttpServletRequest request, HttpServletResponse response, String token) {
        Cookie cookie = new Cookie("_xsrf", token);
        cookie.setPath(path(request));
        cookie.setAttribute("SameSite", "Lax");
        cookie.setSecure(request.isSecure());
        response.addCookie(cookie);
    }

    /** Tells the browser to delete the cookie. */
    static void clear(HttpServletRequest request, HttpServletResponse response, String name) {
        Cookie cookie = new Cookie(name, "");
        cookie.setPath(path(request));
        cookie.setMaxAge(0);
        response.addCookie(cookie);
    }

    private static String path(HttpServletRequest request) {
        String contextPath = request.getContextPath();
        return contextPath.isEmpty() ? "/" : contextPath;
    }
}
