package dev.gale.web;

/** Answers every request that matches no route: 404, whatever the method. */
final class NotFoundHandler extends RequestHandler {
    @Override
    protected void prepare() {
        throw new HttpError(404);
    }
}
