package dev.gale.demo;

import java.util.Map;

/** {@code /login}: a form with the XSRF token; posting a name signs it into the {@code user} cookie. */
public final class LoginHandler extends BaseHandler {
    @Override
    protected void get() {
        render("login.mustache", Map.of("next", localPath(getArgument("next", "/"), "/")));
    }

    @Override
    protected void post() {
        setSignedCookie("user", getArgument("name"));
        redirect(localPath(getArgument("next", "/"), "/"));
    }
}
