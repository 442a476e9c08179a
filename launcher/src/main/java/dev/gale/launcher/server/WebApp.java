package dev.gale.launcher.server;

import dev.gale.launcher.options.StartupException;
import dev.gale.web.Application;
import dev.gale.web.ApplicationProvider;
import dev.gale.web.Setting;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The application the launcher serves: a WAR (unpacked to a temporary directory removed at exit) or a web application
 * directory, whose {@code WEB-INF/classes} and {@code WEB-INF/lib} make a class loader under the launcher's own; or,
 * with neither, whatever is on the launcher's class path.
 */
public final class WebApp {
    /** Jars the launcher carries itself; the copies a WAR brings for Tomcat are left out. */
    private static final Pattern CARRIED =
            Pattern.compile("(gale|slf4j-[a-z0-9]+|jakarta\\.servlet-api|jetty-.+)-\\d.*\\.jar");

    private final Optional<Path> source;
    private final Optional<Path> root;
    private final List<Path> classPath;
    private final String described;
    private ClassLoader classLoader;

    private WebApp(Optional<Path> source, Optional<Path> root, List<Path> classPath, String described) {
        this.source = source;
        this.root = root;
        this.classPath = List.copyOf(classPath);
        this.described = described;
    }

    /**
     * Opens {@code app}: a directory is used as it is, a WAR is unpacked.
     *
     * @param extraClassPath more class directories and jars for the application, ahead of those in WEB-INF
     * @throws StartupException with status 2 when {@code app} is neither
     */
    public static WebApp open(Optional<Path> app, List<Path> extraClassPath) throws StartupException {
        if (app.isEmpty()) {
            return new WebApp(Optional.empty(), Optional.empty(), extraClassPath, "the class path");
        }
        Path path = app.get().toAbsolutePath().normalize();
        Path root;
        if (Files.isDirectory(path)) {
            root = path;
        } else if (Files.isRegularFile(path)) {
            try {
                root = unpack(path);
            } catch (IOException e) {
                throw new StartupException(StartupException.FAILURE, "cannot unpack " + path + ": " + e.getMessage());
            }
        } else {
            throw StartupException.usage(app.get() + " is neither a WAR nor a web application directory");
        }
        List<Path> classPath = new ArrayList<>(extraClassPath);
        Path classes = root.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            classPath.add(classes);
        }
        try (Stream<Path> jars = Files.list(root.resolve("WEB-INF/lib"))) {
            jars.filter(jar -> jar.getFileName().toString().endsWith(".jar"))
                    .filter(jar ->
                            !CARRIED.matcher(jar.getFileName().toString()).matches())
                    .sorted()
                    .forEach(classPath::add);
        } catch (IOException e) {
            // no WEB-INF/lib: the classes alone
        }
        return new WebApp(
                Optional.of(path), Optional.of(root), classPath, app.get().toString());
    }

    /**
     * The WAR or directory as given, absolute: what a supervisor's children are given, so that each reads the
     * application as it is when it starts (a WAR renamed over the old one, then SIGHUP, deploys it).
     */
    public Optional<Path> source() {
        return source;
    }

    /** What a change of the application's code touches: the WAR, or its class directories, jars and WEB-INF/lib. */
    public List<Path> watched() {
        if (source.isPresent() && !source.equals(root)) {
            return List.of(source.get());
        }
        List<Path> watched = new ArrayList<>(classPath);
        root.map(r -> r.resolve("WEB-INF/lib")).filter(Files::isDirectory).ifPresent(watched::add);
        return watched;
    }

    /** The directory served as the web application, if any. */
    Optional<Path> root() {
        return root;
    }

    /** The application's own class directories and jars. */
    List<Path> classPath() {
        return classPath;
    }

    /**
     * The class loader over {@link #classPath()}, parent-first under the launcher's; one for every servlet context, so
     * an application and those it mounts share their classes.
     */
    synchronized ClassLoader classLoader() {
        if (classLoader == null) {
            classLoader = newClassLoader();
        }
        return classLoader;
    }

    private ClassLoader newClassLoader() {
        List<URL> urls = new ArrayList<>();
        for (Path entry : classPath) {
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(entry + " is not a class path entry", e);
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), WebApp.class.getClassLoader());
    }

    /**
     * Checks that exactly one application can be found, as {@code dev.gale.web.GaleInitializer} will look for it.
     *
     * @param named the class given with {@code --application}, or empty to look for service entries
     * @throws StartupException with status 2 and one line saying what was looked for
     */
    public void checkApplication(String named) throws StartupException {
        ClassLoader loader = classLoader();
        if (!named.isEmpty()) {
            Class<?> type;
            try {
                type = Class.forName(named, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw StartupException.usage("--application: no class " + named + " in " + where());
            }
            if (!ApplicationProvider.class.isAssignableFrom(type)) {
                throw StartupException.usage(
                        "--application: " + named + " is not a " + ApplicationProvider.class.getName());
            }
            return;
        }
        List<String> found;
        try {
            found = ServiceLoader.load(ApplicationProvider.class, loader).stream()
                    .map(provider -> provider.type().getName())
                    .distinct()
                    .toList();
        } catch (java.util.ServiceConfigurationError e) {
            throw StartupException.usage("cannot load the application of " + described + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw StartupException.usage("no application in " + where() + ": list an ApplicationProvider in "
                    + "META-INF/services/" + ApplicationProvider.class.getName() + ", or name one with --application");
        }
        if (found.size() > 1) {
            throw StartupException.usage("more than one application in " + where() + " (" + String.join(", ", found)
                    + "): choose one with --application=CLASS");
        }
    }

    /**
     * The options the application and those it mounts declare, read from an application made for that alone:
     * {@code create()} builds a route table, and what it opens belongs in the services opened at start, which this
     * does not start.
     *
     * @param named the class given with {@code --application}, or empty to look for service entries
     * @throws StartupException with status 2 when no single application is found, 1 when it cannot be made
     */
    public List<Setting<?>> applicationOptions(String named) throws StartupException {
        Application application = create(named);
        Map<String, Setting<?>> options = new LinkedHashMap<>();
        Stream.concat(Stream.of(application), application.mounts().values().stream())
                .flatMap(app -> app.options().stream())
                .forEach(option -> options.putIfAbsent(option.name(), option));
        return List.copyOf(options.values());
    }

    /**
     * The applications that the application mounts, by prefix, for the launcher to serve each in a servlet context of
     * its own; none when no single application is found, which the root context then reports as it starts.
     *
     * @param named the class given with {@code --application}, or empty to look for service entries
     */
    public Map<String, Application> mounts(String named) {
        try {
            return create(named).mounts();
        } catch (StartupException e) {
            return Map.of();
        }
    }

    private Application create(String named) throws StartupException {
        checkApplication(named);
        ClassLoader loader = classLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        String className = named;
        try {
            ApplicationProvider provider = named.isEmpty()
                    ? ServiceLoader.load(ApplicationProvider.class, loader)
                            .iterator()
                            .next()
                    : Class.forName(named, true, loader)
                            .asSubclass(ApplicationProvider.class)
                            .getConstructor()
                            .newInstance();
            className = provider.getClass().getName();
            return provider.create();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw new StartupException(
                    StartupException.FAILURE, "the application " + className + " failed to start: " + cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private String where() {
        return root.isEmpty() ? "the class path" : described + " (WEB-INF/classes, WEB-INF/lib)";
    }

    /** The entries of a class path given as text, such as {@code target/classes:lib/a.jar}. */
    public static List<Path> parseClassPath(String text) {
        List<Path> paths = new ArrayList<>();
        for (String entry : text.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                paths.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        return paths;
    }

    private static Path unpack(Path war) throws IOException {
        Path target = OwnedTemporaryDirectory.create("gale-app-");
        try (JarFile jar = new JarFile(war.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                Path file = target.resolve(entry.getName()).normalize();
                if (entry.isDirectory() || !file.startsWith(target) || isLauncherPart(entry.getName())) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, file);
                }
                Files.setLastModifiedTime(file, entry.getLastModifiedTime());
            }
        }
        return target;
    }

    /** What an executable WAR adds for {@code java -jar}: the launcher's jars and the boot class. */
    private static boolean isLauncherPart(String name) {
        return name.startsWith("META-INF/gale/") || name.startsWith("dev/gale/boot/");
    }
}
