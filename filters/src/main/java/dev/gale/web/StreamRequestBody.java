package dev.gale.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that takes its request body piece by piece, as Tornado's {@code @stream_request_body}: the body is
 * not read ahead. {@link RequestHandler#prepare()} runs first and may refuse the request before a byte of the body is
 * read; then {@link RequestHandler#dataReceived(java.nio.ByteBuffer)} gets each piece as it arrives, without holding
 * a thread between pieces; then the method ({@code put()}, {@code post()}, ...) runs once the body is complete.
 *
 * <p>The body may be as large as {@code max_streamed_body_size}, or what {@link RequestHandler#setMaxBodySize(long)}
 * sets in {@code prepare()}; a larger one gets 413. Form fields and files of the body are not parsed, so with
 * {@code xsrf_cookies} the token comes in the {@code X-XSRFToken} header or the query string.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StreamRequestBody {}
