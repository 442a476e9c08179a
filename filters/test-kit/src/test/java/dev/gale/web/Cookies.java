package dev.gale.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code Set-Cookie} headers of a response, read as a browser would. */
final class Cookies {
    private Cookies() {}

    /** The whole {@code Set-Cookie} header that sets {@code name}, if any. */
    static Optional<String> header(HttpResponse<?> response, String name) {
        List<String> all = response.headers().allValues("Set-Cookie");
        return all.stream().filter(h -> h.startsWith(name + "=")).findFirst();
    }

    /** The value {@code name} is set to, unquoted. */
    static Optional<String> value(HttpResponse<?> response, String name) {
        return header(response, name).map(h -> {
            String value = h.substring(name.length() + 1).split(";", 2)[0].strip();
            return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1)
                    : value;
        });
    }

    /** The attributes after the value, lower-cased and trimmed: {@code httponly}, {@code samesite=lax}, .... */
    static List<String> attributes(String setCookie) {
        String[] parts = setCookie.split(";");
        return java.util.Arrays.stream(parts)
                .skip(1)
                .map(p -> p.strip().toLowerCase(Locale.ROOT))
                .toList();
    }
}
