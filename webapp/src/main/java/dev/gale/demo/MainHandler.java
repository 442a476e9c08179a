package dev.gale.demo;

import dev.gale.web.RequestHandler;

/** {@code GET /}: the hello world of every Tornado tutorial. */
public final class MainHandler extends RequestHandler {
    @Override
    protected void get() {
        write("Hello, world");
    }
}
