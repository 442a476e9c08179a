package dev.gale.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a path from a route's pattern and arguments, as Tornado's {@code reverse_url}: each top-level capture
 * group is replaced by an argument, percent-encoded. Patterns with other regular-expression syntax outside groups
 * cannot be reversed.
 */
final class ReverseTemplate {
    private static final String SPECIAL = ".*+?[]{}|^$";

    private final List<String> literals;
    private final String problem;

    private ReverseTemplate(List<String> literals, String problem) {
        this.literals = literals;
        this.problem = problem;
    }

    static ReverseTemplate of(String pattern) {
        String p = pattern;
        if (p.startsWith("^")) {
            p = p.substring(1);
        }
        if (p.endsWith("$") && !p.endsWith("\\$")) {
            p = p.substring(0, p.length() - 1);
        }
        List<String> literals = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char escaped = p.charAt(i + 1);
                if (depth == 0) {
                    if (Character.isLetterOrDigit(escaped)) {
                        return new ReverseTemplate(List.of(), "it has \\" + escaped + " outside a group");
                    }
                    literal.append(escaped);
                }
                i++;
            } else if (c == '(') {
                if (depth == 0) {
                    if (p.startsWith("(?:", i) || p.startsWith("(?=", i) || p.startsWith("(?!", i)) {
                        return new ReverseTemplate(List.of(), "it has a non-capturing group");
                    }
                    literals.add(literal.toString());
                    literal.setLength(0);
                }
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0) {
                if (SPECIAL.indexOf(c) >= 0) {
                    return new ReverseTemplate(List.of(), "it has '" + c + "' outside a group");
                }
                literal.append(c);
            }
        }
        literals.add(literal.toString());
        return new ReverseTemplate(List.copyOf(literals), null);
    }

    String expand(String routeName, Object... args) {
        if (problem != null) {
            throw new IllegalArgumentException("Route " + routeName + " cannot be reversed: " + problem);
        }
        if (args.length != literals.size() - 1) {
            throw new IllegalArgumentException(
                    "Route " + routeName + " takes " + (literals.size() - 1) + " arguments, not " + args.length);
        }
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < args.length; i++) {
            out.append(encode(String.valueOf(args[i]))).append(literals.get(i + 1));
        }
        return out.toString();
    }

    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
