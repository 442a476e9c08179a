package dev.gale.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that go away in the middle of a response, against the launcher: a static download and a handler that
 * flushes as it writes. A client going away is not a server error: no trace, and the access line says 499 rather
 * than the status the response would have had.
 */
class ClientAbortIT {
    private static final int ABORTS = 20;
    private static final Duration LOG_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void anAbortedStaticDownloadIsNoErrorAndItsAccessLineSays499() throws Exception {
        Path webroot = Artifacts.copyDemoWebRoot(work.resolve("webroot"));
        byte[] big = new byte[16 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Files.write(webroot.resolve("static/big.bin"), big);
        try (LauncherProcess app = LauncherProcess.start(
                Artifacts.launcherJar(), "--port=0", "--address=127.0.0.1", "--webroot=" + webroot)) {
            abortDownloads(app.base().getPort(), "/static/big.bin");
            app.awaitLogCount("GET /static/big.bin", ABORTS, LOG_WAIT);
            assertNoErrorAndEveryAccessLineSays499(app, "GET /static/big.bin");
        }
    }

    @Test
    void aHandlerFlushingToAClientThatLeftIsNoErrorAndItsAccessLineSays499() throws Exception {
        Path webroot = Artifacts.copyDemoWebRoot(work.resolve("webroot"));
        String source = DemoCompiler.source("MainHandler");
        String streaming = source.replace(
                "write(\"Hello, world\");", "for (int i = 0; i < 4096; i++) { write(\"x\".repeat(65536)); flush(); }");
        assertNotEquals(source, streaming, "the edit must change MainHandler");
        DemoCompiler.install(DemoCompiler.compile("MainHandler", streaming, work), webroot.resolve("WEB-INF/classes"));
        try (LauncherProcess app =
                LauncherProcess.start(Artifacts.launcherJar(), webroot.toString(), "--port=0", "--address=127.0.0.1")) {
            abortDownloads(app.base().getPort(), "/");
            app.awaitLogCount("GET / (", ABORTS, LOG_WAIT);
            assertNoErrorAndEveryAccessLineSays499(app, "GET / (");
        }
    }

    /** Starts {@value #ABORTS} downloads of {@code path}, reads the first bytes of each, and resets the connection. */
    private static void abortDownloads(int port, String path) throws IOException {
        for (int i = 0; i < ABORTS; i++) {
            try (Socket socket = new Socket()) {
                socket.setSoTimeout(30_000);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] first = in.readNBytes(4096);
                assertTrue(
                        new String(first, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"),
                        "the download started");
                socket.setSoLinger(true, 0);
            }
        }
    }

    private static void assertNoErrorAndEveryAccessLineSays499(LauncherProcess app, String request) {
        List<String> log = app.stderr();
        assertFalse(
                log.stream()
                        .anyMatch(line ->
                                line.contains("ERROR") || line.startsWith("\tat ") || line.contains("Exception")),
                app::output);
        List<String> accessLines =
                log.stream().filter(line -> line.contains(request)).toList();
        assertEquals(ABORTS, accessLines.size(), app::output);
        assertTrue(
                accessLines.stream()
                        .allMatch(line -> line.contains(":WARN :gale.access:") && line.contains(": 499 " + request)),
                app::output);
    }
}
