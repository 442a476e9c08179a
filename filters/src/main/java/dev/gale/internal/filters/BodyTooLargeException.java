package dev.gale.internal.filters;

import java.io.IOException;

/** Reading stopped: the request body passed {@code max_body_size}. Answered with 413. */
public final class BodyTooLargeException extends IOException {
    public BodyTooLargeException(long limit) {
        super("the request body is larger than max_body_size (" + limit + " bytes)");
    }
}
