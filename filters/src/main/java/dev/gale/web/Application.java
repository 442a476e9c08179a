package dev.gale.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A route table and settings: what Tornado calls {@code tornado.web.Application}.
 *
 * <pre>{@code
 * Application app = Application.builder()
 *         .route("/", MainHandler.class)
 *         .route("/entry/(?<slug>[^/]+)", EntryHandler.class, "entry")
 *         .setting(Settings.DEBUG, true)
 *         .build();
 * }</pre>
 *
 * Routes are tried in order; a pattern must match the whole path under the context path. Patterns, handler
 * constructors and each handler's methods are checked and compiled by {@link Builder#build()}, so a mistake fails at
 * start-up, not on a request.
 *
 * <p>What Tornado applications keep as attributes of their {@code Application} subclass (a database pool, a cache)
 * are services here, one per type, reachable from every handler with {@code application().service(Type.class)};
 * an opener given to {@link Builder#openService(Class, Function)} runs when the application starts, and every service
 * that is {@link AutoCloseable} is closed when it stops, after the requests in flight.
 *
 * <p>Other applications can be mounted under path prefixes with {@link Builder#mount(String, Application)}, as
 * Tornado nests them with {@code Rule(PathMatches("/chat/.*"), chat_app)}: the launcher and {@code Gale.mount} serve
 * each in a servlet context of its own at its prefix.
 */
public final class Application {
    private final List<CompiledRoute> routes;
    private final Map<String, CompiledRoute> named;
    private final CompiledRoute fallback;
    private final Settings settings;
    private final AppServices services;
    private final boolean xsrfCookies;
    private final boolean compressResponse;
    private final Lifecycle lifecycle;
    private final List<Setting<?>> options;
    private final Map<String, Application> mounts;
    private final boolean anyRouteStreams;

    private Application(
            List<CompiledRoute> routes,
            CompiledRoute fallback,
            Settings settings,
            AppServices services,
            Lifecycle lifecycle,
            List<Setting<?>> options,
            Map<String, Application> mounts) {
        this.routes = routes;
        this.mounts = mounts;
        this.lifecycle = lifecycle;
        this.options = options;
        this.fallback = fallback;
        this.settings = settings;
        this.services = services;
        this.xsrfCookies = settings.get(Settings.XSRF_COOKIES);
        this.compressResponse = settings.get(Settings.COMPRESS_RESPONSE);
        this.anyRouteStreams = fallback.streamsBody() || routes.stream().anyMatch(CompiledRoute::streamsBody);
        Map<String, CompiledRoute> byName = new HashMap<>();
        for (CompiledRoute route : routes) {
            route.route().name().ifPresent(name -> {
                if (byName.putIfAbsent(name, route) != null) {
                    throw new IllegalArgumentException("Two routes are named " + name);
                }
            });
        }
        this.named = Map.copyOf(byName);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Settings settings() {
        return settings;
    }

    /** The static files, templates, translations and cookie signer, built once at start; none before. */
    AppServices services() {
        return services;
    }

    /** {@code xsrf_cookies}, decided once: every request asks. */
    boolean xsrfCookies() {
        return xsrfCookies;
    }

    /** {@code compress_response}, decided once: every response asks. */
    boolean compressResponse() {
        return compressResponse;
    }

    public List<Route> routes() {
        return routes.stream().map(CompiledRoute::route).toList();
    }

    /** The same routes with other settings, and no services until {@link #withServices}. */
    public Application withSettings(Settings settings) {
        return new Application(
                routes, fallback, settings, AppServices.none(settings), lifecycle.fresh(), options, mounts);
    }

    /**
     * The same routes and settings with the services the settings name, built once, their directories resolved in
     * {@code context}: what {@code GaleInitializer} does at start.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    Application withServices(ServletContext context) {
        return new Application(
                routes, fallback, settings, AppServices.build(settings, context), lifecycle.fresh(), options, mounts);
    }

    /**
     * The service of {@code type} given to {@link Builder#service}: a database pool, a cache, a client.
     *
     * @throws IllegalStateException when there is none, or it has an opener and the application has not started
     */
    public <T> T service(Class<T> type) {
        return lifecycle.service(type);
    }

    /**
     * The options the application declared with {@link Builder#option(Setting)}, which the launcher's command line,
     * config file and environment, and a container's context parameters, set as they set Gale's own.
     */
    public List<Setting<?>> options() {
        return options;
    }

    /**
     * The applications mounted with {@link Builder#mount(String, Application)}, by prefix, in the order given; each is
     * served with its own routes, settings, services, static files and cookie path under its prefix.
     */
    public Map<String, Application> mounts() {
        return mounts;
    }

    /**
     * Opens the services that have openers and runs the start hooks: what {@code GaleInitializer} does once the
     * application's settings are final.
     *
     * @throws IllegalArgumentException naming the service or hook that failed
     */
    void start() {
        lifecycle.start(this);
    }

    /** Runs the stop hooks and closes the services, once: when the servlet context is destroyed. */
    void stop() {
        lifecycle.stop(this);
    }

    /**
     * The path of the named route with {@code args} in its capture groups, percent-encoded, relative to the context
     * path; {@link RequestHandler#reverseUrl(String, Object...)} adds the context path.
     *
     * @throws IllegalArgumentException when no route has that name or the arguments do not fit
     */
    public String reverseUrl(String name, Object... args) {
        CompiledRoute route = named.get(name);
        if (route == null) {
            throw new IllegalArgumentException("No route is named " + name);
        }
        return route.reverse().expand(name, args);
    }

    /**
     * The servlet that dispatches requests to this application's handlers. {@code GaleInitializer} registers it for
     * you; use it directly only to wire Gale into a container by hand, after {@link #withServices}.
     */
    public HttpServlet servlet() {
        return new DispatchServlet(this);
    }

    /**
     * Serves {@code path}: the first route whose pattern matches it whole, or the default handler. A route is only
     * matched against the expression when the path starts with the route's literal text, and a plain-text route is
     * compared, so a path allocates at most the match of the route that serves it.
     */
    void dispatch(String path, Dispatch target) {
        for (CompiledRoute route : routes) {
            if (route.isLiteral()) {
                if (path.equals(route.literalPrefix())) {
                    target.serve(route, null);
                    return;
                }
            } else if (path.startsWith(route.literalPrefix())) {
                Matcher matcher = route.route().pattern().matcher(path);
                if (matcher.matches()) {
                    target.serve(route, matcher);
                    return;
                }
            }
        }
        target.serve(fallback, null);
    }

    /**
     * Whether {@code request} goes to a {@link StreamRequestBody} handler, which takes the body itself, so it must
     * not be read ahead; decided without a route match when no route streams.
     */
    boolean streamsBody(HttpServletRequest request) {
        if (!anyRouteStreams) {
            return false;
        }
        boolean[] streams = new boolean[1];
        dispatch(DispatchServlet.pathOf(request), (route, matcher) -> streams[0] = route.streamsBody());
        return streams[0];
    }

    /** What {@link #dispatch} hands the match to. */
    @FunctionalInterface
    interface Dispatch {
        /**
         * Serves a matched route.
         *
         * @param matcher the match of the path, or null for a plain-text route: it has no groups to read
         */
        void serve(CompiledRoute route, Matcher matcher);
    }

    /** Collects routes and settings; {@link #build()} checks and compiles them. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();
        private Class<? extends RequestHandler> defaultHandler = NotFoundHandler.class;
        private Settings settings = Settings.empty();
        private final List<Lifecycle.Declared> services = new ArrayList<>();
        private final List<Consumer<Application>> onStart = new ArrayList<>();
        private final List<Consumer<Application>> onStop = new ArrayList<>();
        private final List<Setting<?>> options = new ArrayList<>();
        private final Map<String, Application> mounts = new LinkedHashMap<>();

        private Builder() {}

        public Builder route(String pattern, Class<? extends RequestHandler> handler) {
            return add(pattern, handler, Map.of(), Optional.empty());
        }

        /** A route with a name for {@link Application#reverseUrl(String, Object...)}. */
        public Builder route(String pattern, Class<? extends RequestHandler> handler, String name) {
            return add(pattern, handler, Map.of(), Optional.of(name));
        }

        /** A route whose handlers receive {@code initArgs} in {@link RequestHandler#initialize(Map)}. */
        public Builder route(String pattern, Class<? extends RequestHandler> handler, Map<String, Object> initArgs) {
            return add(pattern, handler, initArgs, Optional.empty());
        }

        public Builder route(
                String pattern, Class<? extends RequestHandler> handler, Map<String, Object> initArgs, String name) {
            return add(pattern, handler, initArgs, Optional.of(name));
        }

        /** The handler for paths no route matches; the default answers 404. */
        public Builder defaultHandler(Class<? extends RequestHandler> handler) {
            this.defaultHandler = handler;
            return this;
        }

        public <T> Builder setting(Setting<T> setting, T value) {
            settings = settings.with(setting, value);
            return this;
        }

        /** Puts every value {@code given} sets explicitly over the settings so far. */
        public Builder settings(Settings given) {
            settings = settings.overriddenBy(given);
            return this;
        }

        /**
         * A service every handler reaches with {@code application().service(type)}, as Tornado handlers reach
         * attributes of the application; closed when the application stops if it is {@link AutoCloseable}.
         */
        public <T> Builder service(Class<T> type, T service) {
            return addService(type, service, null);
        }

        /**
         * A service opened when the application starts, with its final settings (options from the command line or
         * context parameters included), and closed when it stops if it is {@link AutoCloseable}. Services are
         * opened in the order given and closed in the reverse order.
         */
        public <T> Builder openService(Class<T> type, Function<Settings, ? extends T> opener) {
            return addService(type, null, opener);
        }

        /** Runs once the application's services are open, before it serves a request; a failure stops the start. */
        public Builder onStart(Consumer<Application> hook) {
            onStart.add(hook);
            return this;
        }

        /** Runs when the application stops, after the requests in flight and before the services are closed. */
        public Builder onStop(Consumer<Application> hook) {
            onStop.add(hook);
            return this;
        }

        /**
         * Declares an option of the application, as Tornado's {@code define}: the launcher's {@code --help}, command
         * line, {@code --config} file and {@code GALE_NAME} environment variables, and a container's context
         * parameters, read it as they read Gale's own settings; handlers read it with {@code settings().get(option)}.
         *
         * @throws IllegalArgumentException when Gale or the application already has an option of that name
         */
        public Builder option(Setting<?> option) {
            boolean taken = Settings.declared().stream().anyMatch(s -> s.name().equals(option.name()))
                    || options.stream().anyMatch(s -> s.name().equals(option.name()));
            if (taken) {
                throw new IllegalArgumentException("There is already an option named " + option.name());
            }
            options.add(option);
            return this;
        }

        /**
         * Serves {@code application} under {@code prefix} (such as {@code /chat}) in a servlet context of its own, as
         * Tornado's {@code Rule(PathMatches("/chat/.*"), chat_app)}: its routes, {@code static_url},
         * {@code reverse_url}, redirects and cookies are relative to the prefix. The launcher and {@code Gale.mount}
         * serve mounted applications; a WAR has one servlet context, so there deploy each as a WAR of its own.
         *
         * @throws IllegalArgumentException when the prefix is not of the form {@code /name}, is taken, or
         *     {@code application} mounts applications itself
         */
        public Builder mount(String prefix, Application application) {
            boolean valid = prefix != null
                    && prefix.length() > 1
                    && prefix.startsWith("/")
                    && !prefix.endsWith("/")
                    && !prefix.contains("//");
            if (!valid) {
                throw new IllegalArgumentException(
                        "Mount prefix " + prefix + " must start with / and not end with one, such as /chat");
            }
            if (!application.mounts().isEmpty()) {
                throw new IllegalArgumentException("The application mounted at " + prefix
                        + " mounts applications itself; mount them all from one application");
            }
            if (mounts.putIfAbsent(prefix, application) != null) {
                throw new IllegalArgumentException("Two applications are mounted at " + prefix);
            }
            return this;
        }

        public Application build() {
            List<CompiledRoute> compiled =
                    routes.stream().map(CompiledRoute::new).toList();
            CompiledRoute fallback =
                    new CompiledRoute(new Route(Pattern.compile(""), defaultHandler, Map.of(), Optional.empty()));
            return new Application(
                    compiled,
                    fallback,
                    settings,
                    AppServices.none(settings),
                    new Lifecycle(services, onStart, onStop),
                    List.copyOf(options),
                    Collections.unmodifiableMap(new LinkedHashMap<>(mounts)));
        }

        private Builder addService(Class<?> type, Object service, Function<Settings, ?> opener) {
            if (service == null && opener == null) {
                throw new IllegalArgumentException("No service given for " + type.getName());
            }
            if (services.stream().anyMatch(declared -> declared.type() == type)) {
                throw new IllegalArgumentException("Two services of type " + type.getName());
            }
            services.add(new Lifecycle.Declared(type, service, opener));
            return this;
        }

        private Builder add(
                String pattern,
                Class<? extends RequestHandler> handler,
                Map<String, Object> initArgs,
                Optional<String> name) {
            try {
                routes.add(new Route(Pattern.compile(pattern), handler, initArgs, name));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "Route pattern " + pattern + " is not a valid regular expression: " + e.getDescription(), e);
            }
            return this;
        }
    }
}
