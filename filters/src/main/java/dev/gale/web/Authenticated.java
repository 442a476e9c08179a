package dev.gale.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that needs a logged-in user ({@link RequestHandler#getCurrentUser()} not empty), as
 * Tornado's {@code @tornado.web.authenticated}. Without one, GET and HEAD are redirected to {@code login_url} with
 * {@code next} set to the page asked for; other methods get 403.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Authenticated {}
