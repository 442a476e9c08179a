package dev.gale.internal.filters;

/** HTML escaping, for the pages Gale writes itself and, through {@code dev.gale.web.Escape}, for applications. */
public final class Html {
    private Html() {}

    /** {@code <}, {@code >}, {@code &}, {@code "} and {@code '} as character references. */
    public static String escape(String s) {
        int first = 0;
        while (first < s.length() && "<>&\"'".indexOf(s.charAt(first)) < 0) {
            first++;
        }
        if (first == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
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
