package dev.gale.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The application's settings: immutable, each value either given explicitly or the setting's default.
 *
 * <p>Sources, lowest first: the application's code, a config file, the environment, then command-line options (the
 * launcher) or servlet context parameters (a WAR). {@code debug} is sugar: it supplies the default of the settings
 * that follow it, and an explicitly given value always wins, as in Tornado.
 */
public final class Settings {
    /**
     * Development mode, as Tornado's {@code debug}: supplies the defaults of {@link #AUTORELOAD},
     * {@link #COMPILED_TEMPLATE_CACHE} and {@link #STATIC_HASH_CACHE} (off) and {@link #SERVE_TRACEBACK} (on); a
     * value given for any of them wins.
     */
    public static final Setting<Boolean> DEBUG =
            Setting.flag("debug", false, "Development mode: autoreload, no template or hash cache, tracebacks");

    /**
     * Whether the launcher restarts the application when its classes change (templates and static files need no
     * restart while their caches are off); follows {@link #DEBUG}.
     */
    public static final Setting<Boolean> AUTORELOAD =
            Setting.flagFollowing("autoreload", DEBUG, "Restart the application when its classes or jars change");

    /** Whether a 500 page shows the exception and its stack trace. */
    public static final Setting<Boolean> SERVE_TRACEBACK =
            Setting.flagFollowing("serve_traceback", DEBUG, "Show the stack trace on 500 error pages");

    /**
     * The directory of static files: a directory on disk, or a directory of the web application such as
     * {@code static} or {@code /WEB-INF/static}. When set, {@code /static/}, {@code /robots.txt} and
     * {@code /favicon.ico} are served from it.
     */
    public static final Setting<String> STATIC_PATH =
            Setting.string("static_path", "", "Directory of static files, on disk or in the web application");

    /** The URL prefix of static files under the context path. */
    public static final Setting<String> STATIC_URL_PREFIX =
            Setting.string("static_url_prefix", "/static/", "URL prefix of the static files");

    /**
     * Whether content hashes and file metadata are kept between requests (checked against the file's size and time).
     */
    public static final Setting<Boolean> STATIC_HASH_CACHE = Setting.flagOpposing(
            "static_hash_cache", DEBUG, "Keep static files' hashes and small files' content in memory");

    /** The directory of mustache templates: on disk, or in the web application such as {@code /WEB-INF/templates}. */
    public static final Setting<String> TEMPLATE_PATH =
            Setting.string("template_path", "", "Directory of mustache templates, on disk or in the web application");

    /** Whether compiled templates are kept; off, each render reads the template again. */
    public static final Setting<Boolean> COMPILED_TEMPLATE_CACHE = Setting.flagOpposing(
            "compiled_template_cache", DEBUG, "Compile each template once instead of on every render");

    /** The directory of translations in Tornado's CSV format ({@code zh_CN.csv}). */
    public static final Setting<String> TRANSLATIONS_PATH = Setting.string(
            "translations_path", "", "Directory of Tornado-format CSV translations, on disk or in the web application");

    /** The locale of the application's own strings, used when the client asks for none of the translations. */
    public static final Setting<String> DEFAULT_LOCALE =
            Setting.string("default_locale", "en_US", "Locale of the application's own strings");

    /** Whether dynamic responses of compressible types are gzipped for clients that accept it. */
    public static final Setting<Boolean> COMPRESS_RESPONSE =
            Setting.flag("compress_response", false, "Gzip dynamic text responses for clients that accept it");

    /**
     * Whether forwarded headers ({@code X-Real-IP}, {@code X-Forwarded-For}, ...) from trusted proxies are believed.
     */
    public static final Setting<Boolean> XHEADERS = Setting.flag(
            "xheaders", false, "Believe X-Real-IP, X-Forwarded-For, X-Scheme and Forwarded from trusted proxies");

    /** The peers whose forwarded headers are believed, as CIDR ranges. */
    public static final Setting<List<String>> TRUSTED_PROXIES = Setting.list(
            "trusted_proxies", List.of("127.0.0.0/8", "::1/128"), "Proxies whose forwarded headers count (CIDR list)");

    /** Whether {@code X-Forwarded-Host} from a trusted proxy replaces the Host header. */
    public static final Setting<Boolean> XHEADERS_HOST =
            Setting.flag("xheaders_host", false, "With xheaders, also believe X-Forwarded-Host");

    /**
     * The secret that signs cookies. Outside debug mode it must be at least 32 characters and not a placeholder;
     * when none is given, a random one is made for the run. Read from {@code COOKIE_SECRET} in the environment.
     */
    public static final Setting<String> COOKIE_SECRET = Setting.string(
                    "cookie_secret",
                    "",
                    "Secret that signs cookies (32 characters or more); random for the run if none")
            .withEnvironmentVariable("COOKIE_SECRET");

    /**
     * Older and newer secrets by key version, {@code 1:SECRET,2:SECRET}, for rotation; used with {@link #KEY_VERSION}.
     */
    public static final Setting<List<String>> COOKIE_SECRETS =
            Setting.list("cookie_secrets", List.of(), "Secrets by key version for rotation, as 1:SECRET,2:SECRET");

    /** The key version new signed cookies use when {@link #COOKIE_SECRETS} is given. */
    public static final Setting<Integer> KEY_VERSION =
            Setting.integer("key_version", 0, "Key version of cookie_secrets that signs new cookies");

    /** Where {@code @Authenticated} sends a visitor who is not logged in. */
    public static final Setting<String> LOGIN_URL =
            Setting.string("login_url", "", "Where @Authenticated sends visitors who are not logged in");

    /** Whether every POST, PUT, PATCH and DELETE must carry the {@code _xsrf} token. */
    public static final Setting<Boolean> XSRF_COOKIES =
            Setting.flag("xsrf_cookies", false, "Require the _xsrf token on every POST, PUT, PATCH and DELETE");

    /** The largest request body, with or without {@code Content-Length}; larger ones get 413. */
    public static final Setting<Long> MAX_BODY_SIZE =
            Setting.size("max_body_size", 52428800L, "Largest request body in bytes; larger ones get 413");

    /**
     * The largest body a {@link StreamRequestBody} handler takes, with or without {@code Content-Length}; larger ones
     * get 413. A handler may set its own with {@link RequestHandler#setMaxBodySize(long)}.
     */
    public static final Setting<Long> MAX_STREAMED_BODY_SIZE = Setting.size(
            "max_streamed_body_size",
            10L * 1024 * 1024 * 1024,
            "Largest request body in bytes a @StreamRequestBody handler takes; larger ones get 413");

    /**
     * The directory where nginx-upload-module stores uploads; when set, a field {@code NAME.path} naming a file
     * inside it is an upload of field {@code NAME}, so the guide's nginx setup keeps working.
     */
    public static final Setting<String> UPLOAD_MODULE_PATH = Setting.string(
            "upload_module_path",
            "",
            "Directory of nginx-upload-module's stored files, read from the NAME.path form fields");

    private static final List<Setting<?>> DECLARED = List.of(
            DEBUG,
            AUTORELOAD,
            SERVE_TRACEBACK,
            STATIC_PATH,
            STATIC_URL_PREFIX,
            STATIC_HASH_CACHE,
            TEMPLATE_PATH,
            COMPILED_TEMPLATE_CACHE,
            TRANSLATIONS_PATH,
            DEFAULT_LOCALE,
            COMPRESS_RESPONSE,
            XHEADERS,
            TRUSTED_PROXIES,
            XHEADERS_HOST,
            COOKIE_SECRET,
            COOKIE_SECRETS,
            KEY_VERSION,
            LOGIN_URL,
            XSRF_COOKIES,
            MAX_BODY_SIZE,
            MAX_STREAMED_BODY_SIZE,
            UPLOAD_MODULE_PATH);
    private static final Settings EMPTY = new Settings(Map.of());

    private final Map<Setting<?>, Object> explicit;

    private Settings(Map<Setting<?>, Object> explicit) {
        this.explicit = Collections.unmodifiableMap(new LinkedHashMap<>(explicit));
    }

    /** The settings every Gale application understands, in the order {@code --help} lists them. */
    public static List<Setting<?>> declared() {
        return DECLARED;
    }

    public static Settings empty() {
        return EMPTY;
    }

    /**
     * Reads every declared setting that {@code source} has a value for.
     *
     * @param source gives the raw value of a setting, or null when it has none
     * @throws IllegalArgumentException naming the setting when a value does not parse
     */
    public static Settings read(Function<Setting<?>, String> source) {
        return read(DECLARED, source);
    }

    /**
     * Reads each of {@code settings} that {@code source} has a value for: Gale's own with an application's options.
     *
     * @param source gives the raw value of a setting, or null when it has none
     * @throws IllegalArgumentException naming the setting when a value does not parse
     */
    public static Settings read(List<? extends Setting<?>> settings, Function<Setting<?>, String> source) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            String raw = source.apply(setting);
            if (raw != null) {
                try {
                    values.put(setting, setting.parse(raw));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(setting.name() + ": " + e.getMessage(), e);
                }
            }
        }
        return new Settings(values);
    }

    /** These settings with {@code setting} given explicitly. */
    public <T> Settings with(Setting<T> setting, T value) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>(explicit);
        values.put(setting, value);
        return new Settings(values);
    }

    /** These settings with every value that {@code overrides} gives explicitly put over them. */
    public Settings overriddenBy(Settings overrides) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>(explicit);
        values.putAll(overrides.explicit);
        return new Settings(values);
    }

    /** The value given explicitly, if any. */
    public <T> Optional<T> explicit(Setting<T> setting) {
        @SuppressWarnings("unchecked")
        T value = (T) explicit.get(setting);
        return Optional.ofNullable(value);
    }

    /** The value given explicitly, else the value of the setting it follows, else its default. */
    public <T> T get(Setting<T> setting) {
        return explicit(setting)
                .orElseGet(() -> setting.derivedDefault() != null
                        ? setting.derivedDefault().apply(this)
                        : setting.defaultValue());
    }

    public boolean debug() {
        return get(DEBUG);
    }

    public boolean serveTraceback() {
        return get(SERVE_TRACEBACK);
    }

    /** Each declared setting with its effective value, for the start-up log. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : DECLARED) {
            if (out.length() > 0) {
                out.append(", ");
            }
            boolean secret = setting == COOKIE_SECRET || setting == COOKIE_SECRETS;
            out.append(setting.name())
                    .append('=')
                    .append(secret && explicit(setting).isPresent() ? "(hidden)" : get(setting));
        }
        return out.toString();
    }
}
