package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** How {@code java -jar launcher.jar} starts, and how it refuses to. */
class StartupIT {
    @Test
    void withoutArgumentsItServesOnPort8888() throws Exception {
        try (LauncherProcess app = LauncherProcess.start(Artifacts.launcherJar(), Artifacts.demo())) {
            assertEquals("http://localhost:8888/", app.base().toString());
            assertEquals(200, app.get("/").statusCode());
            assertEquals(1, app.stdout().size(), () -> "one ready line on stdout: " + app.output());
        }
    }

    @Test
    void unknownOptionExits2WithOneLineNamingIt() throws Exception {
        assertRefused(2, "error: unknown option --prot (see --help)", "--prot=8080");
    }

    @Test
    void wrongTypeExits2WithOneLineNamingTheOption() throws Exception {
        assertRefused(2, "error: --port: \"http\" is not an integer", "--port=http");
        assertRefused(2, "error: --debug: \"maybe\" is not a boolean (use true or false)", "--debug=maybe");
    }

    @Test
    void portInUseExits1WithOneLineNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertRefused(
                    1,
                    "error: port 127.0.0.1:" + port + " is already in use; stop the other server or choose another"
                            + " with --port",
                    "--address=127.0.0.1",
                    "--port=" + port);
        }
    }

    @Test
    void badOptionStartsNothing() throws Exception {
        int port = freePort();
        try (LauncherProcess app =
                LauncherProcess.launch(Artifacts.launcherJar(), Artifacts.demo(), "--port=" + port, "--bogus")) {
            assertEquals(2, app.awaitExit());
        }
        assertFalse(listening(port), "something listens on " + port);
    }

    @Test
    void helpListsTheOptionsAndExits0() throws Exception {
        try (LauncherProcess app = LauncherProcess.launch(Artifacts.launcherJar(), Artifacts.demo(), "--help")) {
            assertEquals(0, app.awaitExit());
            String help = String.join("\n", app.stdout());
            for (String option : new String[] {"--port=INT", "(default: 8888)", "--address", "--debug", "--config"}) {
                assertTrue(help.contains(option), () -> "--help lacks " + option + ":" + app.output());
            }
            assertTrue(app.stderr().isEmpty(), app::output);
        }
    }

    private static void assertRefused(int status, String line, String... args) throws Exception {
        String[] withApp = new String[args.length + 1];
        withApp[0] = Artifacts.demo();
        System.arraycopy(args, 0, withApp, 1, args.length);
        try (LauncherProcess app = LauncherProcess.launch(Artifacts.launcherJar(), withApp)) {
            assertEquals(status, app.awaitExit(), app::output);
            assertEquals(java.util.List.of(line), app.stderr(), app::output);
            assertTrue(app.stdout().isEmpty(), app::output);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.isConnected();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
