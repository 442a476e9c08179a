package dev.gale.demo;

import dev.gale.web.HttpError;
import java.util.Map;

/** {@code /login}: a form with the XSRF token; posting a name signs it into the {@code user} cookie. */
public final class LoginHandler extends BaseHandler {
    /** The longest name, in characters: any name this long, signed, still fits a 4096-byte cookie. */
    static final int LONGEST_NAME = 256;

    @Override
    protected void get() {
        render("login.mustache", Map.of("next", localPath(getArgument("next", "/"), "/")));
    }

    @Override
    protected void post() {
        String name = getArgument("name");
        if (name.length() > LONGEST_NAME) {
            throw new HttpError(400, "name: at most " + LONGEST_NAME + " characters");
        }
        setSignedCookie("user", name);
        redirect(localPath(getArgument("next", "/"), "/"));
    }
}
