package dev.gale.web;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** What a template sees besides its model, as in a Tornado template's namespace. */
final class TemplateHelpers {
    private TemplateHelpers() {}

    static Map<String, Object> of(RequestHandler handler) {
        Function<String, String> staticUrl = path -> Escape.html(handler.staticUrl(path.strip()));
        // The section's body arrives rendered, its variables already escaped: the message is the text it shows.
        Function<String, String> translate = body -> Escape.html(handler.translate(htmlText(body.strip())));
        Function<String, String> reverseUrl = text -> {
            String[] words = text.strip().split("\\s+");
            Object[] args = Arrays.copyOfRange(words, 1, words.length);
            return Escape.html(handler.reverseUrl(words[0], args));
        };
        Map<String, String> request = Map.of(
                "method", handler.method(),
                "uri", handler.uri(),
                "path", handler.path(),
                "host", handler.host(),
                "remote_ip", handler.remoteIp(),
                "protocol", handler.protocol());
        Map<String, Object> helpers = new HashMap<>();
        // Called only when a template uses it: the XSRF token sets a cookie.
        helpers.put("xsrf_form_html", (Callable<String>) handler::xsrfFormHtml);
        // The object itself, as Tornado's namespace holds it, so {{current_user.name}} reads its fields and getters.
        helpers.put("current_user", handler.currentUser().orElse(null));
        helpers.putAll(Map.of(
                "static_url", staticUrl,
                "_", translate,
                "reverse_url", reverseUrl,
                "request", request,
                "locale", handler.getLocale().code().replace('_', '-')));
        return helpers;
    }

    /**
     * The text that rendered HTML {@code html} shows: the references mustache and {@link Escape#html} write
     * ({@code &amp;}, {@code &lt;}, {@code &gt;}, {@code &quot;}, {@code &apos;} and numeric ones) decoded, the rest
     * left as it is.
     */
    static String htmlText(String html) {
        int amp = html.indexOf('&');
        if (amp < 0) {
            return html;
        }
        StringBuilder text = new StringBuilder(html.length()).append(html, 0, amp);
        for (int i = amp; i < html.length(); i++) {
            char c = html.charAt(i);
            int end = c == '&' ? html.indexOf(';', i) : -1;
            int decoded = end > i + 1 && end - i <= 10 ? reference(html.substring(i + 1, end)) : -1;
            if (decoded < 0) {
                text.append(c);
            } else {
                text.appendCodePoint(decoded);
                i = end;
            }
        }
        return text.toString();
    }

    /** The code point of the reference named {@code name} (between {@code &} and {@code ;}), or -1. */
    private static int reference(String name) {
        int named = switch (name) {
            case "amp" -> '&';
            case "lt" -> '<';
            case "gt" -> '>';
            case "quot" -> '"';
            case "apos" -> '\'';
            default -> -1;
        };
        if (named >= 0 || name.length() < 2 || name.charAt(0) != '#') {
            return named;
        }
        boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
        try {
            int code = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
            return Character.isValidCodePoint(code) ? code : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
