package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's application with a service, as a Tornado application keeps a database pool: the launcher opens it once,
 * handlers reach it, and a graceful stop closes it once, after the requests in flight finished: the slow request
 * holds on until the test has seen the stop begin.
 */
class AppServicesIT {
    @TempDir
    static Path work;

    private static Path app;

    @BeforeAll
    static void writeTheApplication() throws Exception {
        app = UserApps.write(work.resolve("pool-app"), "dev.pool.PoolApp", """
                package dev.pool;

                import dev.gale.web.Application;
                import dev.gale.web.ApplicationProvider;
                import dev.gale.web.RequestHandler;
                import java.nio.file.Files;
                import java.nio.file.Path;

                public final class PoolApp implements ApplicationProvider {
                    @Override
                    public Application create() {
                        return Application.builder()
                                .route("/", Hello.class)
                                .route("/slow", Slow.class)
                                .openService(Pool.class, settings -> new Pool())
                                .onStop(application -> System.out.println("stopping"))
                                .build();
                    }

                    public static final class Pool implements AutoCloseable {
                        Pool() {
                            System.out.println("pool opened");
                        }

                        String query() {
                            return "rows from the pool";
                        }

                        @Override
                        public void close() {
                            System.out.println("pool closed");
                        }
                    }

                    public static final class Hello extends RequestHandler {
                        @Override
                        protected void get() {
                            write(application().service(Pool.class).query());
                        }
                    }

                    public static final class Slow extends RequestHandler {
                        @Override
                        protected void get() throws Exception {
                            Path release = Path.of(System.getenv("RELEASE_FILE"));
                            for (int i = 0; i < 3000 && !Files.exists(release); i++) {
                                Thread.sleep(10);
                            }
                            System.out.println("slow request done");
                            write(application().service(Pool.class).query());
                        }
                    }
                }
                """);
    }

    @Test
    void theServiceIsOpenedOnceReachedByHandlersAndClosedOnceAfterTheRequestsInFlight() throws Exception {
        Path release = work.resolve("release");
        try (LauncherProcess launcher = LauncherProcess.launchThrough(
                List.of(),
                Map.of("RELEASE_FILE", release.toString()),
                Artifacts.launcherJar(),
                app.toString(),
                "--port=0",
                "--address=127.0.0.1")) {
            launcher.awaitReady();
            HttpResponse<String> hello = launcher.get("/");
            assertEquals(200, hello.statusCode(), launcher::output);
            assertEquals("rows from the pool", hello.body());
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> send(launcher, "/slow"));
            launcher.awaitInFlight(1, Duration.ofSeconds(20));
            launcher.signal("TERM");
            launcher.awaitLog("Stopping: 1 requests in flight", Duration.ofSeconds(20));
            Files.writeString(release, "go");
            assertEquals(0, launcher.awaitExit(), launcher::output);
            assertEquals("rows from the pool", slow.get().body(), launcher::output);
            List<String> lifecycle = launcher.stdout().stream()
                    .filter(line -> !line.startsWith("Gale "))
                    .toList();
            assertEquals(
                    List.of("pool opened", "slow request done", "stopping", "pool closed"),
                    lifecycle,
                    launcher::output);
            assertTrue(launcher.stderr().stream().noneMatch(line -> line.contains("Exception")), launcher::output);
        }
    }

    private static HttpResponse<String> send(LauncherProcess launcher, String path) {
        try {
            return launcher.get(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
