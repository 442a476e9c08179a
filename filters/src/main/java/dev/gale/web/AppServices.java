package dev.gale.web;

import dev.gale.internal.files.StaticFiles;
import dev.gale.internal.files.StaticPath;
import dev.gale.internal.security.SecretPolicy;
import dev.gale.internal.security.SignedValue;
import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the handlers of a running application share, built once at start from its settings: the static files, the
 * templates, the translations and the signer of cookies. Handlers reach it through {@link Application#services()},
 * as Tornado's reach {@code self.application.settings}.
 */
final class AppServices {
    private static final Logger LOG = LoggerFactory.getLogger("gale.general");

    private final Optional<StaticFiles> staticFiles;
    private final Optional<Templates> templates;
    private volatile Translations translations;
    private final Optional<SignedValue> signer;
    private final boolean hashCache;
    /** Where directory settings resolve; null before the application starts. */
    private final ServletContext context;

    private final ConcurrentMap<String, StaticFiles> otherDirectories = new ConcurrentHashMap<>();

    private AppServices(
            Optional<StaticFiles> staticFiles,
            Optional<Templates> templates,
            Translations translations,
            Optional<SignedValue> signer,
            boolean hashCache,
            ServletContext context) {
        this.staticFiles = staticFiles;
        this.templates = templates;
        this.translations = translations;
        this.signer = signer;
        this.hashCache = hashCache;
        this.context = context;
    }

    /** None of the services: what an application has before it starts in a servlet context. */
    static AppServices none(Settings settings) {
        Translations translations = Translations.none(settings.get(Settings.DEFAULT_LOCALE));
        return new AppServices(
                Optional.empty(),
                Optional.empty(),
                translations,
                Optional.empty(),
                settings.get(Settings.STATIC_HASH_CACHE),
                null);
    }

    /**
     * The services {@code settings} name, their directories resolved in {@code context}.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    static AppServices build(Settings settings, ServletContext context) {
        boolean cache = settings.get(Settings.COMPILED_TEMPLATE_CACHE);
        return new AppServices(
                staticFiles(settings, context),
                templates(settings, context, cache),
                translations(settings, context, cache),
                Optional.of(signer(settings)),
                settings.get(Settings.STATIC_HASH_CACHE),
                context);
    }

    /** The files under {@code static_path}, when it is set. */
    public Optional<StaticFiles> staticFiles() {
        return staticFiles;
    }

    /**
     * The files under another directory (a value resolved as {@code static_path} is), for a static route with its
     * own {@code path}; made once per directory.
     */
    public StaticFiles staticFilesIn(String directory) {
        if (context == null) {
            throw new IllegalStateException(
                    "a static route with a path needs the application's services: " + "Application.withServices");
        }
        return otherDirectories.computeIfAbsent(directory, d -> {
            Path root = StaticPath.directory("path", d, context);
            return StaticFiles.under("path", root, "/", hashCache, context);
        });
    }

    /** The templates under {@code template_path}, when it is set. */
    public Optional<Templates> templates() {
        return templates;
    }

    /** The translations, read again first when they reload (debug mode) and a file changed. */
    public Translations translations() {
        Translations known = translations;
        Translations current = known.reloaded();
        if (current != known) {
            translations = current;
        }
        return current;
    }

    /** The signer of cookies, once the application has started. */
    public Optional<SignedValue> signer() {
        return signer;
    }

    private static Optional<StaticFiles> staticFiles(Settings settings, ServletContext context) {
        String staticPath = settings.get(Settings.STATIC_PATH);
        if (staticPath.isEmpty()) {
            return Optional.empty();
        }
        String prefix = settings.get(Settings.STATIC_URL_PREFIX);
        if (prefix.equals("/")) {
            throw new IllegalArgumentException("static_url_prefix: \"/\" would hide every route; use /static/");
        }
        Path root = StaticPath.directory("static_path", staticPath, context);
        return Optional.of(
                StaticFiles.under("static_path", root, prefix, settings.get(Settings.STATIC_HASH_CACHE), context));
    }

    private static Optional<Templates> templates(Settings settings, ServletContext context, boolean cache) {
        String templatePath = settings.get(Settings.TEMPLATE_PATH);
        if (templatePath.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Templates(StaticPath.directory("template_path", templatePath, context), cache));
    }

    /** Translations read once, or, as templates without their cache (debug mode), again after an edit. */
    private static Translations translations(Settings settings, ServletContext context, boolean cache) {
        String translationsPath = settings.get(Settings.TRANSLATIONS_PATH);
        String defaultLocale = settings.get(Settings.DEFAULT_LOCALE);
        if (translationsPath.isEmpty()) {
            return Translations.none(defaultLocale);
        }
        Path directory = StaticPath.directory("translations_path", translationsPath, context);
        return cache
                ? Translations.load(directory, defaultLocale)
                : Translations.loadReloading(directory, defaultLocale);
    }

    /**
     * The signer of cookies: from {@code cookie_secret} (or {@code cookie_secrets}), or a random secret for this
     * run when none is given, which the log says once.
     */
    private static SignedValue signer(Settings settings) {
        String secret = settings.get(Settings.COOKIE_SECRET);
        List<String> versioned = settings.get(Settings.COOKIE_SECRETS);
        if (secret.isEmpty() && versioned.isEmpty()) {
            secret = SecretPolicy.generate();
            LOG.warn("No cookie_secret given: signing cookies with a random secret for this run; logins will not "
                    + "survive a restart");
        }
        return SignedValue.fromSettings(secret, versioned, settings.get(Settings.KEY_VERSION), settings.debug());
    }
}
