package dev.gale.web;

import java.util.Map;

/**
 * Ends the request with an HTTP status and a message that is safe to show the client.
 *
 * <p>Throw it anywhere in a handler: {@code throw new HttpError(404)} or
 * {@code throw new HttpError(400, "Missing argument name")}. The message is escaped on the error page; details for
 * operators belong in the log, not here.
 */
public class HttpError extends RuntimeException {
    private final int status;

    /** An error with the standard reason phrase of {@code status} as its message. */
    public HttpError(int status) {
        this(status, HttpStatus.reason(status));
    }

    /** An error whose {@code message} is shown to the client. */
    public HttpError(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpError status must be 4xx or 5xx, not " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Response headers the error page must carry (such as {@code Allow} on a 405). */
    Map<String, String> headers() {
        return Map.of();
    }
}
