package dev.gale.internal.filters;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code name=value} parameters of a header such as {@code Content-Type} or {@code Content-Disposition}. */
final class HeaderParameters {
    private HeaderParameters() {}

    /** The parameters after the first {@code ;}, names lower-cased, quoted values unquoted. */
    static Map<String, String> of(String header) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            int equals = header.indexOf('=', i + 1);
            if (equals < 0) {
                break;
            }
            String name = header.substring(i + 1, equals).strip().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = equals + 1;
            while (j < header.length() && header.charAt(j) == ' ') {
                j++;
            }
            if (j < header.length() && header.charAt(j) == '"') {
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\'
                            && j + 1 < header.length()
                            && (header.charAt(j + 1) == '"' || header.charAt(j + 1) == '\\')) {
                        c = header.charAt(++j);
                    }
                    value.append(c);
                    j++;
                }
                j = header.indexOf(';', j);
            } else {
                int end = header.indexOf(';', j);
                value.append(header, j, end < 0 ? header.length() : end);
                j = end;
                String trimmed = value.toString().strip();
                value.setLength(0);
                value.append(trimmed);
            }
            parameters.putIfAbsent(name, value.toString());
            i = j;
        }
        return parameters;
    }
}
