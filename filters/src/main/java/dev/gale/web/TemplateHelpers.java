package dev.gale.web;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/** What a template sees besides its model, as in a Tornado template's namespace. */
final class TemplateHelpers {
    private TemplateHelpers() {}

    static Map<String, Object> of(RequestHandler handler) {
        Function<String, String> staticUrl = path -> ErrorPages.escape(handler.staticUrl(path.strip()));
        Function<String, String> translate = message -> ErrorPages.escape(handler.translate(message.strip()));
        Function<String, String> reverseUrl = text -> {
            String[] words = text.strip().split("\\s+");
            Object[] args = Arrays.copyOfRange(words, 1, words.length);
            return ErrorPages.escape(handler.reverseUrl(words[0], args));
        };
        Map<String, String> request = Map.of(
                "method", handler.method(),
                "uri", handler.uri(),
                "path", handler.path(),
                "host", handler.host(),
                "remote_ip", handler.remoteIp(),
                "protocol", handler.protocol());
        return Map.of(
                "static_url", staticUrl,
                "_", translate,
                "reverse_url", reverseUrl,
                "request", request,
                "locale", handler.getLocale().code().replace('_', '-'));
    }
}
