package dev.gale.demo;

import dev.gale.web.RequestHandler;
import java.util.Optional;

/** The demo's handlers know the user from the signed {@code user} cookie, as in Tornado's guide. */
abstract class BaseHandler extends RequestHandler {
    @Override
    protected Optional<String> getCurrentUser() {
        return getSignedCookie("user");
    }
}
