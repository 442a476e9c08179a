package dev.gale.web;

/** Answers every request that matches no route: 404, whatever the method. */
final class NotFoundHandler extends RequestHandler {
    /** A 404 has no side effect to protect, so no token is needed (as Tornado's ErrorHandler). */
    @Override
    protected void checkXsrfCookie() {}

    @Override
    protected void prepare() {
        throw new HttpError(404);
    }
}
