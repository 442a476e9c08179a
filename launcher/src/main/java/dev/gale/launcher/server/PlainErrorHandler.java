package dev.gale.launcher.server;

import dev.gale.internal.filters.ErrorPage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;

/**
 * Error pages for what Jetty rejects before Gale sees it (a malformed request line, an ambiguous path): the same
 * short page as Gale's own, naming no class and no server version.
 */
final class PlainErrorHandler extends ErrorHandler {
    PlainErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void writeErrorHtml(
            Request request, Writer writer, Charset charset, int code, String message, Throwable cause)
            throws IOException {
        writer.write(ErrorPage.html(code, HttpStatus.getMessage(code)));
    }
}
