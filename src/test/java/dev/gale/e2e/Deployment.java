package dev.gale.e2e;

import java.util.Map;

/**
 * One copy of webapp.war in a container: deployed as {@code NAME.war}, so served at {@code /NAME/}, with the context
 * parameters that the container's own per-application configuration file gives it.
 */
record Deployment(String name, Map<String, String> contextParameters) {
    Deployment {
        contextParameters = Map.copyOf(contextParameters);
    }

    static Deployment of(String name) {
        return new Deployment(name, Map.of());
    }

    static Deployment of(String name, Map<String, String> contextParameters) {
        return new Deployment(name, contextParameters);
    }

    /** {@code /NAME}, the context path. */
    String contextPath() {
        return "/" + name;
    }

    /** {@code /NAME/PATH}: {@code path} under the context path; {@code path} starts with a slash. */
    String path(String path) {
        return contextPath() + path;
    }
}
