package dev.gale.demo;

import dev.gale.web.Authenticated;
import dev.gale.web.Escape;

/** {@code /secret}: only for a logged-in user. */
public final class SecretHandler extends BaseHandler {
    @Override
    @Authenticated
    protected void get() {
        write("Hello, " + Escape.html(currentUser(String.class).orElseThrow()));
    }
}
