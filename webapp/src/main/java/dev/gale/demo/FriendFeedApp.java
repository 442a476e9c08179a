package dev.gale.demo;

import dev.gale.web.Application;
import dev.gale.web.ApplicationProvider;

/** The demo from Tornado's "Running and deploying" guide, on Gale. */
public final class FriendFeedApp implements ApplicationProvider {
    @Override
    public Application create() {
        return Application.builder()
                .route("/", MainHandler.class)
                .route("/ip", IpHandler.class)
                .route("/long", LongHandler.class)
                .route("/error", FailingHandler.class)
                .build();
    }
}
