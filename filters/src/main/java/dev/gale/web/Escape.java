package dev.gale.web;

import dev.gale.internal.filters.Html;

/** Escaping for output, as Tornado's {@code xhtml_escape}. */
public final class Escape {
    private Escape() {}

    /** {@code <}, {@code >}, {@code &}, {@code "} and {@code '} as character references. */
    public static String html(String s) {
        return Html.escape(s);
    }
}
