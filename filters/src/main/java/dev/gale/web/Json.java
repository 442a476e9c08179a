package dev.gale.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Writes maps, records, collections, strings, numbers and booleans as JSON (RFC 8259). {@code </} is written as
 * {@code <\/} so a JSON value is also safe inside an HTML script element, as Tornado's {@code json_encode}.
 */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder(64);
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof Enum) {
            string(out, value.toString());
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Number n) {
            number(out, n);
        } else if (value instanceof Optional<?> o) {
            append(out, o.orElse(null));
        } else if (value instanceof Map<?, ?> map) {
            object(out, map);
        } else if (value instanceof Record record) {
            record(out, record);
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            String separator = "";
            for (Object item : items) {
                out.append(separator);
                append(out, item);
                separator = ",";
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    "Cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void number(StringBuilder out, Number n) {
        if ((n instanceof Double d && (d.isNaN() || d.isInfinite()))
                || (n instanceof Float f && (f.isNaN() || f.isInfinite()))) {
            throw new IllegalArgumentException("JSON has no " + n);
        }
        out.append(n);
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        String separator = "";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(separator);
            string(out, String.valueOf(e.getKey()));
            out.append(':');
            append(out, e.getValue());
            separator = ",";
        }
        out.append('}');
    }

    private static void record(StringBuilder out, Record record) {
        out.append('{');
        String separator = "";
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            out.append(separator);
            string(out, component.getName());
            out.append(':');
            try {
                component.getAccessor().setAccessible(true);
                append(out, component.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalArgumentException("Cannot read " + component, e);
            }
            separator = ",";
        }
        out.append('}');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '/' -> out.append(i > 0 && s.charAt(i - 1) == '<' ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
