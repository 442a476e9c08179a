package dev.gale.internal.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the debug page classifies stack frames, and the request ids that tie a production page to its log line. */
class ErrorReportTest {
    @Test
    void applicationFramesAreEverythingOutsideGaleAndTheContainer() {
        for (String className : List.of(
                "example.app.Handler",
                "dev.gale.demo.MainHandler",
                "dev.gale.webapp.Handler",
                "dev.gale.websocket.Chat",
                "com.acme.shop.Cart$1",
                "MainHandler",
                "javafx.Widget",
                "sunrise.Clock",
                "jakartaee.Thing",
                "org.eclipse.jettyx.Mine")) {
            assertEquals("app", ErrorReport.kind(className), className);
        }
    }

    @Test
    void galeFramesAreTheFramework() {
        for (String className : List.of(
                "dev.gale.web.RequestHandler",
                "dev.gale.web.RequestHandler$$Lambda$12/0x1",
                "dev.gale.web.GaleInitializer",
                "dev.gale.internal.filters.DebugTracebackFilter",
                "dev.gale.internal.files.StaticFileServlet",
                "dev.gale.web.Templates",
                "dev.gale.internal.security.XsrfToken",
                "dev.gale.launcher.Main")) {
            assertEquals("framework", ErrorReport.kind(className), className);
        }
    }

    @Test
    void jdkServletJettyTomcatAndLibraryFramesAreTheContainer() {
        for (String className : List.of(
                "java.lang.Thread",
                "javax.net.ssl.SSLEngine",
                "jdk.internal.reflect.DirectMethodHandleAccessor",
                "sun.nio.ch.SelectorImpl",
                "jakarta.servlet.http.HttpServlet",
                "org.eclipse.jetty.server.Server",
                "org.eclipse.jetty.ee10.servlet.ServletHolder",
                "org.apache.catalina.core.StandardWrapperValve",
                "org.apache.coyote.http11.Http11Processor",
                "org.apache.tomcat.util.net.NioEndpoint",
                "com.github.mustachejava.codes.DefaultMustache",
                "org.slf4j.helpers.MessageFormatter")) {
            assertEquals("container", ErrorReport.kind(className), className);
        }
    }

    @Test
    void requestIdsAreTwelveHexDigitsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ErrorReport.newRequestId();
            assertTrue(id.matches("[0-9a-f]{12}"), id);
            assertTrue(seen.add(id), () -> "repeated " + id);
        }
    }
}
