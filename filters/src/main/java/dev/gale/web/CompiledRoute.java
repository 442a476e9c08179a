package dev.gale.web;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A route with what the request path needs decided once: the handler's constructor, the methods it has, and the
 * literal text its pattern starts with, so that most routes a path misses are passed over without a regex match.
 */
final class CompiledRoute {
    private static final List<String> VERBS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** Characters that end the literal start of a pattern; the quantifiers also take back the character before. */
    private static final String SPECIAL = "\\^$.()[]{}";

    private static final String QUANTIFIERS = "?*+{";

    private final Route route;
    private final Constructor<? extends RequestHandler> constructor;
    private final Set<String> allowedMethods;
    private final Set<String> authenticatedMethods;
    private final ReverseTemplate reverse;
    private final String literalPrefix;
    private final boolean literal;
    private final boolean streamsBody;

    CompiledRoute(Route route) {
        this.route = route;
        String pattern = route.pattern().pattern();
        this.literalPrefix = route.pattern().flags() == 0 ? literalPrefix(pattern) : "";
        this.literal = literalPrefix.length() == pattern.length();
        this.constructor = constructorOf(route.handler());
        this.allowedMethods = allowedMethodsOf(route.handler());
        this.authenticatedMethods = authenticatedMethodsOf(route.handler());
        this.reverse = ReverseTemplate.of(route.pattern().pattern());
        this.streamsBody = streamsBody(route.handler());
    }

    Route route() {
        return route;
    }

    Set<String> allowedMethods() {
        return allowedMethods;
    }

    /** The methods marked {@link Authenticated}; HEAD follows GET unless {@code head()} is overridden. */
    Set<String> authenticatedMethods() {
        return authenticatedMethods;
    }

    /** Whether the handler is marked {@link StreamRequestBody}: its body is not read ahead. */
    boolean streamsBody() {
        return streamsBody;
    }

    ReverseTemplate reverse() {
        return reverse;
    }

    /** The text every path this route serves starts with; the whole pattern when it is plain text. */
    String literalPrefix() {
        return literalPrefix;
    }

    /** Whether the pattern is plain text, so that it serves exactly {@link #literalPrefix()}. */
    boolean isLiteral() {
        return literal;
    }

    /** A new match of this route's plain-text pattern, for a handler that asks for its (absent) capture groups. */
    Matcher literalMatch() {
        Matcher matcher = route.pattern().matcher(literalPrefix);
        matcher.matches();
        return matcher;
    }

    /**
     * The text at the start of every path {@code pattern} matches whole: its characters up to the first one with a
     * meaning in a regular expression, less one that a quantifier follows; none when it has an alternation anywhere.
     */
    private static String literalPrefix(String pattern) {
        if (pattern.indexOf('|') >= 0) {
            return "";
        }
        int end = 0;
        while (end < pattern.length()
                && SPECIAL.indexOf(pattern.charAt(end)) < 0
                && QUANTIFIERS.indexOf(pattern.charAt(end)) < 0) {
            end++;
        }
        if (end < pattern.length() && end > 0 && QUANTIFIERS.indexOf(pattern.charAt(end)) >= 0) {
            end--;
        }
        return pattern.substring(0, end);
    }

    RequestHandler newHandler() {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "The constructor of " + route.handler().getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + route.handler().getName(), e);
        }
    }

    private static Constructor<? extends RequestHandler> constructorOf(Class<? extends RequestHandler> handler) {
        if (Modifier.isAbstract(handler.getModifiers())) {
            throw new IllegalArgumentException("Handler " + handler.getName() + " is abstract");
        }
        if (handler.getEnclosingClass() != null && !Modifier.isStatic(handler.getModifiers())) {
            throw new IllegalArgumentException("Handler " + handler.getName() + " must be a static nested class");
        }
        try {
            Constructor<? extends RequestHandler> constructor = handler.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(
                    "Handler " + handler.getName() + " needs a constructor without arguments", e);
        }
    }

    /** Whether {@code handler} streams its body; one that does must override {@code dataReceived} to take it. */
    private static boolean streamsBody(Class<? extends RequestHandler> handler) {
        if (!handler.isAnnotationPresent(StreamRequestBody.class)) {
            return false;
        }
        for (Class<?> c = handler; c != RequestHandler.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod("dataReceived", ByteBuffer.class) != null;
            } catch (NoSuchMethodException e) {
                // not declared here; look at the superclass
            }
        }
        throw new IllegalArgumentException(
                "Handler " + handler.getName() + " is @StreamRequestBody but does not override dataReceived");
    }

    private static Set<String> allowedMethodsOf(Class<? extends RequestHandler> handler) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String verb : VERBS) {
            boolean headFromGet = verb.equals("HEAD") && overrides(handler, "get");
            if (headFromGet || overrides(handler, verb.toLowerCase(Locale.ROOT))) {
                allowed.add(verb);
            }
        }
        return Collections.unmodifiableSet(allowed);
    }

    private static Set<String> authenticatedMethodsOf(Class<? extends RequestHandler> handler) {
        Set<String> marked = new LinkedHashSet<>();
        for (String verb : VERBS) {
            String name =
                    verb.equals("HEAD") && declaration(handler, "head") == null ? "get" : verb.toLowerCase(Locale.ROOT);
            Method method = declaration(handler, name);
            if (method != null && method.isAnnotationPresent(Authenticated.class)) {
                marked.add(verb);
            }
        }
        return Collections.unmodifiableSet(marked);
    }

    private static boolean overrides(Class<?> handler, String method) {
        return declaration(handler, method) != null;
    }

    /** The nearest declaration of a verb method below {@link RequestHandler}, or null. */
    private static Method declaration(Class<?> handler, String method) {
        for (Class<?> c = handler; c != RequestHandler.class && c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(method);
            } catch (NoSuchMethodException e) {
                // not declared here; look at the superclass
            }
        }
        return null;
    }
}
