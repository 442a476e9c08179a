package dev.gale.demo;

import dev.gale.web.RequestHandler;

/** {@code GET /error}: fails, to show the error page with and without {@code --debug}. */
public final class FailingHandler extends RequestHandler {
    @Override
    protected void get() {
        throw new IllegalStateException("the /error handler of the demo failed on purpose");
    }
}
