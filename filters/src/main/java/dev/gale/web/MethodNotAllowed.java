package dev.gale.web;

import java.util.Map;
import java.util.Set;

/** A 405 that names the methods the handler does have. */
final class MethodNotAllowed extends HttpError {
    private final String allow;

    MethodNotAllowed(Set<String> allowed) {
        super(405);
        this.allow = String.join(", ", allowed);
    }

    @Override
    Map<String, String> headers() {
        return Map.of("Allow", allow);
    }
}
