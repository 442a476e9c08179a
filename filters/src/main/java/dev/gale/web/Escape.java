package dev.gale.web;

/** Escaping for output, as Tornado's {@code xhtml_escape}. */
public final class Escape {
    private Escape() {}

    /** {@code <}, {@code >}, {@code &}, {@code "} and {@code '} as character references. */
    public static String html(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
