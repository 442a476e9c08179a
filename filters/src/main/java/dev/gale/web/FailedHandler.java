package dev.gale.web;

/** Stands in for a handler whose constructor failed, so the failure gets the usual 500 page and log line. */
final class FailedHandler extends RequestHandler {
    private final RuntimeException failure;

    FailedHandler(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    protected void prepare() {
        throw failure;
    }
}
