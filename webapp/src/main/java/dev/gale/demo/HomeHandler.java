package dev.gale.demo;

import dev.gale.web.RequestHandler;
import java.util.Map;

/** {@code GET /home}: a page rendered from {@code templates/home.mustache}, in English or Chinese. */
public final class HomeHandler extends RequestHandler {
    @Override
    protected void get() {
        render("home.mustache", Map.of());
    }
}
