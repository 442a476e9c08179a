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
        Function<String, String> translate = message -> Escape.html(handler.translate(message.strip()));
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
        // Called only when a template uses them: the XSRF token sets a cookie, and the user may cost a lookup.
        helpers.put("xsrf_form_html", (Callable<String>) handler::xsrfFormHtml);
        helpers.put("current_user", (Callable<String>) () -> handler.currentUser().orElse(null));
        helpers.putAll(Map.of(
                "static_url", staticUrl,
                "_", translate,
                "reverse_url", reverseUrl,
                "request", request,
                "locale", handler.getLocale().code().replace('_', '-')));
        return helpers;
    }
}
