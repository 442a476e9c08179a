package dev.gale.web;

import dev.gale.internal.filters.Html;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Escaping for output, as Tornado's {@code tornado.escape}. */
public final class Escape {
    /** A link as Tornado's {@code linkify} finds one: a scheme and slashes, or {@code www.}, up to a space. */
    private static final Pattern URL = Pattern.compile("\\b(?:https?://|www\\.)[^\\s<>\"']+", Pattern.CASE_INSENSITIVE);

    private Escape() {}

    /** {@code <}, {@code >}, {@code &}, {@code "} and {@code '} as character references: {@code xhtml_escape}. */
    public static String html(String s) {
        return Html.escape(s);
    }

    /** {@code s} for a query string, spaces as {@code +}: {@code url_escape}. */
    public static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * A map, record, list, string, number or boolean as JSON: {@code json_encode}. {@code <}, {@code >} and {@code &}
     * are written as {@code \\u} escapes, so the JSON can neither end a {@code <script>} nor start a tag.
     */
    public static String json(Object value) {
        return Json.write(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    /** {@code text} escaped as HTML, its http, https and {@code www.} links made into anchors: {@code linkify}. */
    public static String linkify(String text) {
        StringBuilder html = new StringBuilder(text.length() + 32);
        Matcher link = URL.matcher(text);
        int written = 0;
        while (link.find()) {
            String url = trimTrailingPunctuation(link.group());
            html.append(html(text.substring(written, link.start())));
            String href = url.regionMatches(true, 0, "www.", 0, 4) ? "http://" + url : url;
            html.append("<a href=\"")
                    .append(html(href))
                    .append("\">")
                    .append(html(url))
                    .append("</a>");
            written = link.start() + url.length();
        }
        return html.append(html(text.substring(written))).toString();
    }

    /** A sentence's full stop or a closing bracket after a link is not part of it. */
    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0
                && ".,;:!?)]".indexOf(url.charAt(end - 1)) >= 0
                && !(url.charAt(end - 1) == ')' && url.lastIndexOf('(', end - 1) >= 0)) {
            end--;
        }
        return url.substring(0, end);
    }
}
