package dev.gale.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** What a template sees besides its model, as in a Tornado template's namespace. */
final class TemplateHelpers {
    private TemplateHelpers() {}

    /** Where a template looks names up, the last first: the page's model, the handler's namespace, the helpers. */
    static List<Object> scopes(RequestHandler handler, Object model) {
        return List.of(of(handler), handler.getTemplateNamespace(), model);
    }

    private static Map<String, Object> of(RequestHandler handler) {
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
                "protocol", handler.protocol(),
                "full_url", handler.protocol() + "://" + handler.host() + handler.uri());
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
                "locale", new TemplateLocale(handler.getLocale()),
                "settings", settings(handler.settings())));
        // Sections that work on the text they show, as Tornado's escape functions do on a value.
        helpers.putAll(Map.<String, Function<String, String>>of(
                "linkify", body -> Escape.linkify(htmlText(body.strip())),
                "url_escape", body -> Escape.url(htmlText(body.strip())),
                "xhtml_escape", body -> Escape.html(htmlText(body)),
                "json_encode", body -> Escape.json(htmlText(body))));
        return helpers;
    }

    /** The settings by name, as Tornado's {@code handler.settings}, without the secrets that sign cookies. */
    private static Map<String, Object> settings(Settings settings) {
        Map<String, Object> byName = new HashMap<>();
        for (Setting<?> setting : Settings.declared()) {
            if (!setting.name().contains("secret")) {
                byName.put(setting.name(), settings.get(setting));
            }
        }
        return byName;
    }

    /** The locale as templates see it: {@code {{locale}}} writes the code as HTML's {@code lang} wants it. */
    static final class TemplateLocale {
        public final String code;
        /** {@code {{#locale.format_date}}{{posted}}{{/locale.format_date}}}: an instant or seconds since 1970. */
        public final Function<String, String> format_date;

        TemplateLocale(Translation locale) {
            this.code = locale.code();
            this.format_date = text -> Escape.html(locale.formatDate(instant(htmlText(text.strip()))));
        }

        private static Instant instant(String text) {
            try {
                return text.matches("\\d+(\\.\\d+)?")
                        ? Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000))
                        : Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("format_date needs an instant or seconds since 1970: " + text, e);
            }
        }

        @Override
        public String toString() {
            return code.replace('_', '-');
        }
    }

    /**
     * The text that rendered HTML {@code html} shows: the references mustache and {@link Escape#html} write (the named
     * ones of {@code & < > " '} and numeric ones) decoded, the rest left as it is.
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
