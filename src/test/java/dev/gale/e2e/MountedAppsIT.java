package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two applications mounted in one launcher under /a and /b, as Tornado nests them by path: each answers its own routes
 * and draws its own 404 for the other's, serves its own static files under its prefix, reverses its routes under it,
 * scopes its cookies
 * to it, reads the options it declares from the command line, and has its services closed by a graceful stop.
 */
class MountedAppsIT {
    private static final Pattern PAGE = Pattern.compile("(a|b) static=(\\S+) only=(\\S+)");

    @TempDir
    static Path work;

    private static Path app;

    @BeforeAll
    static void writeTheApplication() throws Exception {
        app = work.resolve("site");
        for (String name : List.of("a", "b")) {
            Files.createDirectories(app.resolve("static-" + name));
            Files.writeString(app.resolve("static-" + name + "/style.css"), "body { content: '" + name + "' }");
        }
        UserApps.write(app, "dev.site.SiteApp", """
                package dev.site;

                import dev.gale.web.Application;
                import dev.gale.web.ApplicationProvider;
                import dev.gale.web.HttpError;
                import dev.gale.web.RequestHandler;
                import dev.gale.web.Setting;
                import dev.gale.web.Settings;
                import java.util.Map;

                public final class SiteApp implements ApplicationProvider {
                    static final Setting<String> GREETING = Setting.string("greeting", "hello", "What to say");

                    @Override
                    public Application create() {
                        return Application.builder().mount("/a", part("a")).mount("/b", part("b")).build();
                    }

                    static Application part(String name) {
                        return Application.builder()
                                .route("/", Page.class, Map.of("name", name))
                                .route("/only-" + name, Page.class, Map.of("name", name), "only")
                                .route("/login", Login.class)
                                .route("/who", Who.class)
                                .route("/greeting", Greeting.class)
                                .option(GREETING)
                                .defaultHandler(Missing.class)
                                .setting(Settings.STATIC_PATH, "static-" + name)
                                .setting(Settings.COOKIE_SECRET, "a long secret of the application " + name)
                                .openService(Pool.class, settings -> new Pool(name))
                                .build();
                    }

                    public static final class Pool implements AutoCloseable {
                        final String name;

                        Pool(String name) {
                            this.name = name;
                            System.out.println("pool " + name + " opened");
                        }

                        @Override
                        public void close() {
                            System.out.println("pool " + name + " closed");
                        }
                    }

                    public static final class Page extends RequestHandler {
                        private String name;

                        @Override
                        protected void initialize(Map<String, Object> args) {
                            name = (String) args.get("name");
                        }

                        @Override
                        protected void get() {
                            write(name + " static=" + staticUrl("style.css") + " only=" + reverseUrl("only"));
                        }
                    }

                    public static final class Login extends RequestHandler {
                        @Override
                        protected void get() {
                            setSignedCookie("user", "user of " + application().service(Pool.class).name);
                            write("logged in");
                        }
                    }

                    public static final class Greeting extends RequestHandler {
                        @Override
                        protected void get() {
                            write(settings().get(GREETING));
                        }
                    }

                    public static final class Missing extends RequestHandler {
                        @Override
                        protected void get() {
                            throw new HttpError(404);
                        }

                        @Override
                        protected void writeError(int status, Throwable cause) {
                            write("no page under " + request().getContextPath());
                        }
                    }

                    public static final class Who extends RequestHandler {
                        @Override
                        protected void get() {
                            write(getSignedCookie("user").orElse("nobody"));
                        }
                    }
                }
                """);
    }

    @Test
    void eachApplicationServesItsOwnPathsFilesUrlsAndCookiesAndStopsWithTheServer() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                Artifacts.launcherJar(), app.toString(), "--port=0", "--address=127.0.0.1", "--greeting=hi")) {
            for (String name : List.of("a", "b")) {
                String other = name.equals("a") ? "b" : "a";
                HttpResponse<String> page = launcher.get("/" + name + "/");
                assertEquals(200, page.statusCode(), launcher::output);
                Matcher m = PAGE.matcher(page.body());
                assertTrue(m.matches(), page.body());
                assertEquals(name, m.group(1));
                assertTrue(m.group(2).startsWith("/" + name + "/static/style.css?v="), page.body());
                assertEquals("/" + name + "/only-" + name, m.group(3));

                assertEquals(200, launcher.get(m.group(3)).statusCode());
                assertEquals("hi", launcher.get("/" + name + "/greeting").body());
                HttpResponse<String> missing = launcher.get("/" + name + "/only-" + other);
                assertEquals(404, missing.statusCode());
                assertEquals("no page under /" + name, missing.body());
                HttpResponse<String> css = launcher.get(m.group(2));
                assertEquals(200, css.statusCode());
                assertEquals("body { content: '" + name + "' }", css.body());
            }
            for (String outside : List.of("/", "/only-a")) {
                HttpResponse<String> missing = launcher.get(outside);
                assertEquals(404, missing.statusCode());
                assertTrue(missing.body().contains("404: Not Found"), missing.body());
            }

            HttpClient browser =
                    HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            HttpResponse<String> login = browse(browser, launcher, "/a/login");
            assertEquals(200, login.statusCode());
            String setCookie = login.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(setCookie.startsWith("user=") && setCookie.contains("Path=/a"), setCookie);
            assertEquals("user of a", browse(browser, launcher, "/a/who").body());
            assertEquals("nobody", browse(browser, launcher, "/b/who").body());

            launcher.signal("TERM");
            assertEquals(0, launcher.awaitExit(), launcher::output);
            List<String> pools = launcher.stdout().stream()
                    .filter(line -> line.startsWith("pool "))
                    .sorted()
                    .toList();
            assertEquals(
                    List.of("pool a closed", "pool a opened", "pool b closed", "pool b opened"),
                    pools,
                    launcher::output);
        }
    }

    private static HttpResponse<String> browse(HttpClient browser, LauncherProcess launcher, String path)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(launcher.get("/").uri().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .build();
        return browser.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
