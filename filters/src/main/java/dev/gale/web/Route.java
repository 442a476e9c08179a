package dev.gale.web;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of the route table: a regular expression matched against the whole request path (under the context
 * path), the handler class that serves it, the arguments given to {@link RequestHandler#initialize(Map)}, and an
 * optional name for {@link Application#reverseUrl(String, Object...)}.
 */
public record Route(
        Pattern pattern, Class<? extends RequestHandler> handler, Map<String, Object> initArgs, Optional<String> name) {

    public Route {
        initArgs = Map.copyOf(initArgs);
    }
}
