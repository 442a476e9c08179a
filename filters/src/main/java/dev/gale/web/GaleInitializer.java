package dev.gale.web;

import dev.gale.internal.files.StaticFileServlet;
import dev.gale.internal.filters.AccessLogFilter;
import dev.gale.internal.filters.BodyLimitFilter;
import dev.gale.internal.filters.ContainerDuties;
import dev.gale.internal.filters.DebugTracebackFilter;
import dev.gale.internal.filters.ForwardedHeadersFilter;
import dev.gale.internal.filters.ForwardedRule;
import dev.gale.internal.filters.TrustedProxies;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots a Gale application in any Servlet 6 container: the launcher's Jetty, Tomcat, or a Jetty you run.
 *
 * <p>The application comes from the constructor, else from the class named by the context parameter
 * {@value #APPLICATION_PARAMETER}, else from the one {@link ApplicationProvider} listed in
 * {@code META-INF/services}. Each declared setting is read, highest first, from the context parameter of its name
 * (such as {@code debug}), the system property {@code gale.NAME}, the environment variable
 * ({@link Setting#environmentVariable()}), then the application's code; so is each option the application declares.
 * A missing or broken application fails the deployment with one line naming it. The application's services open
 * once its settings are final, and close when the context is destroyed.
 *
 * <p>Containers find this class through {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}, or
 * through {@link GaleContextListener} where they run no initializer without annotation scanning; to mount an
 * application into a Jetty {@code ServletContextHandler} of your own, add {@code new GaleInitializer(application)} to
 * it.
 */
public final class GaleInitializer implements ServletContainerInitializer {
    /** The context parameter naming the {@link ApplicationProvider} class. */
    public static final String APPLICATION_PARAMETER = "gale.application";

    private static final Logger LOG = LoggerFactory.getLogger("gale.general");
    private static final String SERVLET_NAME = "gale";

    private final Application application;

    /** Finds the application from the context parameter or the service entry. */
    public GaleInitializer() {
        this.application = null;
    }

    /**
     * Serves {@code application}; context parameters, system properties and environment still override its settings.
     */
    public GaleInitializer(Application application) {
        this.application = application;
    }

    @Override
    public void onStartup(Set<Class<?>> ignored, ServletContext context) throws ServletException {
        Application running = boot(context);
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                running.stop();
            }
        });
    }

    /**
     * Starts the application in {@code context} and returns it running; whoever calls this stops it when the context
     * is destroyed.
     */
    Application boot(ServletContext context) throws ServletException {
        Application app;
        Settings settings;
        try {
            app = application != null ? application : find(context);
            if (!app.mounts().isEmpty() && context.getAttribute(ContainerDuties.MOUNTS) == null) {
                throw new ServletException("Gale cannot start: the application mounts others at "
                        + String.join(", ", app.mounts().keySet()) + ", which needs a servlet context each: run it"
                        + " with the launcher, or deploy each application as a WAR of its own");
            }
            List<Setting<?>> readable = new ArrayList<>(Settings.declared());
            readable.addAll(app.options());
            settings = app.settings().overriddenBy(Settings.read(readable, setting -> valueOf(setting, context)));
        } catch (ServletException e) {
            LOG.error(e.getMessage());
            throw e;
        } catch (IllegalArgumentException e) {
            String message = "Gale cannot start: setting " + e.getMessage();
            LOG.error(message);
            throw new ServletException(message, e);
        }
        TrustedProxies trustedProxies;
        Application running;
        try {
            trustedProxies = TrustedProxies.parseSetting(
                    Settings.TRUSTED_PROXIES.name(), settings.get(Settings.TRUSTED_PROXIES));
            running = app.withSettings(settings).withServices(context);
            running.start();
        } catch (IllegalArgumentException e) {
            String message = "Gale cannot start: " + e.getMessage();
            LOG.error(message);
            throw new ServletException(message, e);
        }
        if (settings.get(Settings.XHEADERS) && context.getAttribute(ContainerDuties.FORWARDED_HEADERS) == null) {
            FilterRegistration.Dynamic forwarded = context.addFilter(
                    "gale-forwarded",
                    new ForwardedHeadersFilter(
                            new ForwardedRule(trustedProxies, settings.get(Settings.XHEADERS_HOST))));
            forwarded.setAsyncSupported(true);
            forwarded.addMappingForUrlPatterns(null, false, "/*");
        }
        if (context.getAttribute(ContainerDuties.ACCESS_LOG) == null) {
            FilterRegistration.Dynamic accessLog = context.addFilter("gale-access-log", new AccessLogFilter());
            accessLog.setAsyncSupported(true);
            accessLog.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR), false, "/*");
        }
        FilterRegistration.Dynamic debug =
                context.addFilter("gale-errors", new DebugTracebackFilter(settings.serveTraceback()));
        debug.setAsyncSupported(true);
        // ASYNC too: a request whose body was read ahead reaches the servlet in an asynchronous dispatch.
        EnumSet<DispatcherType> requestAndBody = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
        debug.addMappingForUrlPatterns(requestAndBody, false, "/*");
        long maxBodySize = settings.get(Settings.MAX_BODY_SIZE);
        FilterRegistration.Dynamic bodyLimit = context.addFilter(
                "gale-body-limit",
                new BodyLimitFilter(maxBodySize, Path.of(uploadDirectory(context)), running::streamsBody));
        bodyLimit.setAsyncSupported(true);
        bodyLimit.addMappingForUrlPatterns(requestAndBody, false, "/*");

        ServletRegistration.Dynamic dispatch = context.addServlet(SERVLET_NAME, running.servlet());
        dispatch.addMapping("/*");
        dispatch.setAsyncSupported(true);
        dispatch.setLoadOnStartup(1);
        dispatch.setMultipartConfig(new MultipartConfigElement(uploadDirectory(context), -1, maxBodySize, 64 * 1024));
        running.services().staticFiles().ifPresent(files -> {
            ServletRegistration.Dynamic servlet = context.addServlet("gale-static", new StaticFileServlet(files));
            servlet.addMapping(files.urlPrefix() + "*", "/robots.txt", "/favicon.ico");
            servlet.setAsyncSupported(true);
        });
        LOG.info("Gale application ready at context path '{}' ({})", context.getContextPath(), settings.describe());
        return running;
    }

    /** The context's temporary directory, where uploads are streamed. */
    private static String uploadDirectory(ServletContext context) {
        Object directory = context.getAttribute(ServletContext.TEMPDIR);
        return directory instanceof File file ? file.getAbsolutePath() : System.getProperty("java.io.tmpdir");
    }

    /** Whether an initializer already registered Gale's servlet in {@code context}. */
    static boolean ranIn(ServletContext context) {
        return context.getServletRegistration(SERVLET_NAME) != null;
    }

    private static String valueOf(Setting<?> setting, ServletContext context) {
        String value = context.getInitParameter(setting.name());
        if (value == null) {
            value = System.getProperty("gale." + setting.name());
        }
        if (value == null) {
            value = System.getenv(setting.environmentVariable());
        }
        return value;
    }

    private static Application find(ServletContext context) throws ServletException {
        ClassLoader loader = applicationClassLoader(context);
        String className = context.getInitParameter(APPLICATION_PARAMETER);
        if (className != null) {
            return create(className.strip(), loader);
        }
        Iterator<ApplicationProvider> providers =
                java.util.ServiceLoader.load(ApplicationProvider.class, loader).iterator();
        if (!providers.hasNext()) {
            throw new ServletException("Gale found no application: list an ApplicationProvider in "
                    + "META-INF/services/dev.gale.web.ApplicationProvider or name it in the context parameter "
                    + APPLICATION_PARAMETER);
        }
        ApplicationProvider provider;
        try {
            provider = providers.next();
        } catch (java.util.ServiceConfigurationError e) {
            throw new ServletException("Gale cannot load the application: " + e.getMessage(), e);
        }
        if (providers.hasNext()) {
            throw new ServletException("Gale found more than one ApplicationProvider; name the one to run in the "
                    + "context parameter " + APPLICATION_PARAMETER);
        }
        return build(provider);
    }

    /** The web application's class loader; an embedded context may have none of its own. */
    private static ClassLoader applicationClassLoader(ServletContext context) {
        ClassLoader loader = context.getClassLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        return loader != null ? loader : GaleInitializer.class.getClassLoader();
    }

    private static Application create(String className, ClassLoader loader) throws ServletException {
        Object provider;
        try {
            provider = Class.forName(className, true, loader).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ServletException("Gale cannot find the application class " + className, e);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw new ServletException("Gale cannot create the application " + className + ": " + cause, cause);
        }
        if (!(provider instanceof ApplicationProvider applicationProvider)) {
            throw new ServletException("Gale cannot use " + className + ": it is not an ApplicationProvider");
        }
        return build(applicationProvider);
    }

    private static Application build(ApplicationProvider provider) throws ServletException {
        try {
            return provider.create();
        } catch (RuntimeException | LinkageError e) {
            throw new ServletException(
                    "Gale cannot start the application " + provider.getClass().getName() + ": " + e, e);
        }
    }
}
