package dev.gale.demo;

import dev.gale.web.Application;
import dev.gale.web.ApplicationProvider;
import dev.gale.web.Settings;
import dev.gale.web.StaticFileHandler;

/** The demo from Tornado's "Running and deploying" guide, on Gale. */
public final class FriendFeedApp implements ApplicationProvider {
    @Override
    public Application create() {
        return Application.builder()
                .setting(Settings.STATIC_PATH, "static")
                .setting(Settings.TEMPLATE_PATH, "/WEB-INF/templates")
                .setting(Settings.TRANSLATIONS_PATH, "/WEB-INF/locale")
                .setting(Settings.COMPRESS_RESPONSE, true)
                .setting(Settings.LOGIN_URL, "/login")
                .setting(Settings.XSRF_COOKIES, true)
                .route("/", MainHandler.class)
                .route("/home", HomeHandler.class)
                .route("/ip", IpHandler.class)
                .route("/long", LongHandler.class)
                .route("/error", FailingHandler.class)
                .route("/login", LoginHandler.class, "login")
                .route("/secret", SecretHandler.class)
                .route("/upload", UploadHandler.class)
                .route("/(apple-touch-icon\\.png)", StaticFileHandler.class)
                .build();
    }
}
