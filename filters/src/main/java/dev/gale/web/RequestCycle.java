package dev.gale.web;

import dev.gale.internal.files.Compression;
import dev.gale.internal.files.StaticFiles;
import dev.gale.internal.filters.ClientAbort;
import dev.gale.internal.filters.ContainerDuties;
import dev.gale.internal.filters.ErrorPage;
import dev.gale.internal.filters.ErrorReport;
import dev.gale.internal.security.SignedValue;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's run through its handler: the hooks in order, the buffered body and status, the commit (with
 * compression), errors, and completion after {@link RequestHandler#finishAfter} work. The handler's public methods
 * read and write this request through it.
 */
final class RequestCycle {
    private static final Logger LOG = LoggerFactory.getLogger("gale.application");
    private static final String DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    final Application application;
    final CompiledRoute route;
    /** The request path under the context path, as sent. */
    final String path;

    final HttpServletRequest request;
    final HttpServletResponse response;
    final PathArguments pathArgs;
    final RequestInput input;
    final ResponseBuffer body = new ResponseBuffer();
    private final RequestHandler handler;
    private int status = 200;
    private boolean finished;
    private CompletionStage<?> pending;
    private volatile boolean connectionClosed;
    private String errorId = "";
    private Translation locale;
    private Optional<?> currentUser;
    private XsrfCookie xsrf;
    private final StreamingBody streamingBody;
    private AsyncContext async;
    private boolean closeConnection;

    RequestCycle(
            RequestHandler handler,
            Application application,
            CompiledRoute route,
            String path,
            Matcher pathMatch,
            HttpServletRequest request,
            HttpServletResponse response) {
        this.handler = handler;
        this.application = application;
        this.route = route;
        this.path = path;
        this.pathArgs = new PathArguments(route, pathMatch);
        this.request = request;
        this.response = response;
        this.input =
                new RequestInput(request, application.settings().get(Settings.UPLOAD_MODULE_PATH), route.streamsBody());
        this.streamingBody = route.streamsBody()
                ? new StreamingBody(this, application.settings().get(Settings.MAX_STREAMED_BODY_SIZE))
                : null;
    }

    /**
     * Runs the hooks: initialize, the XSRF check, prepare, the method, then finishes now or when the work is done. A
     * handler that streams its body gets it between prepare and the method, as it arrives.
     */
    void run() {
        handler.cycle = this;
        try {
            handler.initialize(route.route().initArgs());
            if (application.xsrfCookies() && !SAFE_METHODS.contains(request.getMethod())) {
                handler.checkXsrfCookie();
            }
            handler.prepare();
            if (!finished
                    && route.authenticatedMethods().contains(request.getMethod())
                    && currentUser().isEmpty()) {
                refuseAnonymous();
            }
            if (!finished && streamingBody != null) {
                if (!route.allowedMethods().contains(request.getMethod())) {
                    throw methodNotAllowed();
                }
                streamingBody.start();
                return;
            }
        } catch (Throwable e) {
            handleException(e);
            done();
            return;
        }
        respond();
    }

    /** Runs the method, then finishes now or once its {@link #finishAfter} work is done, and ends the request. */
    void respond() {
        try {
            if (!finished) {
                invoke(request.getMethod());
            }
            if (pending != null && !finished) {
                continueWhenDone();
                return;
            }
            if (!finished) {
                finish();
            }
        } catch (Throwable e) {
            handleException(e);
        }
        done();
    }

    /** Hands a piece of a streamed body to the handler. */
    void dataReceived(ByteBuffer chunk) throws Exception {
        handler.dataReceived(chunk);
    }

    /**
     * Ends a request whose body was left partly unread with the error page for {@code failure}, closing the
     * connection after it: what is left of the body will not be read.
     */
    void failWithBodyUnread(Throwable failure) {
        closeConnection = true;
        handleException(failure);
        done();
    }

    /** Whether the response was sent, by {@link #finish()}, an error page or a redirect. */
    boolean finished() {
        return finished;
    }

    /** Ends a request whose handler finished it before its body was read whole, as an error page would. */
    void endWithBodyUnread() {
        done();
    }

    /** Continues this request without a thread, on the container's callbacks, until {@link #done()} completes it. */
    void startAsync() {
        async = request.startAsync();
        async.setTimeout(0);
    }

    void setMaxBodySize(long bytes) {
        if (streamingBody == null) {
            throw new IllegalStateException("setMaxBodySize needs a @StreamRequestBody handler: other bodies are read "
                    + "before prepare(), under max_body_size");
        }
        streamingBody.setLimit(bytes);
    }

    /** The path and query string as sent, context path included. */
    String uri() {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    /** The id an unexpected exception's trace is logged under, for the error page; empty for other errors. */
    String errorId() {
        return errorId;
    }

    int status() {
        return status;
    }

    void setStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + status);
        }
        this.status = status;
    }

    /** {@link RequestHandler#getUserLocale()}, else the browser's {@code Accept-Language}, else the default; once. */
    Translation locale() {
        if (locale == null) {
            Translations translations = application.services().translations();
            locale = handler.getUserLocale()
                    .map(translations::get)
                    .orElseGet(() -> translations.forAcceptLanguage(request.getHeader("Accept-Language")));
        }
        return locale;
    }

    /** Renders this request in the supported locale closest to {@code code} from now on. */
    void setLocale(String code) {
        locale = application.services().translations().get(code);
    }

    /** The XSRF token and its check, made when a request first needs them. */
    XsrfCookie xsrf() {
        if (xsrf == null) {
            xsrf = new XsrfCookie(handler);
        }
        return xsrf;
    }

    /** {@link RequestHandler#getCurrentUser()}, asked once. */
    Optional<?> currentUser() {
        if (currentUser == null) {
            currentUser = handler.getCurrentUser();
        }
        return currentUser;
    }

    /** Renders a template into the body; a template that fails leaves nothing of itself there. */
    void render(String name, Object model) {
        checkNotFinished();
        int before = body.size();
        try (Utf8Writer out = new Utf8Writer(body)) {
            templates().render(name, TemplateHelpers.scopes(handler, model), out);
        } catch (RuntimeException e) {
            body.truncate(before);
            throw e;
        }
    }

    StaticFiles staticFiles() {
        return application
                .services()
                .staticFiles()
                .orElseThrow(() -> new IllegalStateException("static_url needs the static_path setting"));
    }

    Templates templates() {
        return application
                .services()
                .templates()
                .orElseThrow(() -> new IllegalStateException("render needs the template_path setting"));
    }

    SignedValue signer() {
        return application
                .services()
                .signer()
                .orElseThrow(() -> new IllegalStateException("signed cookies need the cookie_secret setting"));
    }

    /** Adds {@code chunk} to the body, which keeps the array: the caller hands it over. */
    void write(byte[] chunk) {
        checkNotFinished();
        body.adopt(chunk);
    }

    void writeJson(Object json) {
        checkNotFinished();
        response.setHeader("Content-Type", "application/json; charset=UTF-8");
        body.adopt(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("Cannot write after finish()");
        }
    }

    MethodNotAllowed methodNotAllowed() {
        return new MethodNotAllowed(route.allowedMethods());
    }

    void finishAfter(CompletionStage<?> work) {
        if (pending != null) {
            throw new IllegalStateException("finishAfter was already called");
        }
        pending = work;
    }

    /** Marks the response as written straight to the servlet response, by a static file for instance. */
    void sentDirectly() {
        finished = true;
        status = response.getStatus();
    }

    void flush() {
        checkNotFinished();
        try {
            commitHeaders(false);
            body.writeTo(response.getOutputStream());
            body.reset();
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("The client went away", e);
        }
    }

    /** A 301 or 302 to {@code url}, under the context path when it is {@linkplain LocalUrl local}. */
    void redirect(String url, boolean permanent) {
        if (response.isCommitted()) {
            throw new IllegalStateException("Cannot redirect after the headers were sent");
        }
        setStatus(permanent ? 301 : 302);
        response.setHeader("Location", LocalUrl.isLocal(url) ? request.getContextPath() + url : url);
        finish();
    }

    void finish() {
        checkNotFinished();
        finished = true;
        try {
            if (!response.isCommitted()) {
                if (application.compressResponse()) {
                    compressBody();
                }
                commitHeaders(true);
            }
            if (!"HEAD".equals(request.getMethod()) && body.size() > 0) {
                body.writeTo(response.getOutputStream());
            }
        } catch (IOException e) {
            LOG.debug("Client went away before the response to {} {} was sent", request.getMethod(), uri(), e);
        }
    }

    void sendError(int status, Throwable cause) {
        if (response.isCommitted()) {
            LOG.error(
                    "Cannot send a {} error for {} {}: the response was already started",
                    status,
                    request.getMethod(),
                    uri());
            finished = true;
            return;
        }
        response.reset();
        body.reset();
        finished = false;
        setStatus(status);
        if (cause instanceof HttpError error) {
            error.headers().forEach(response::setHeader);
        }
        try {
            handler.writeError(status, cause);
        } catch (RuntimeException e) {
            LOG.error("writeError failed for {} {}", request.getMethod(), uri(), e);
            body.reset();
            handler.write(ErrorPage.html(status, HttpStatus.reason(status)));
        }
        if (!finished) {
            finish();
        }
    }

    /** What {@link Authenticated} does without a user: to {@code login_url} for GET and HEAD, else 403. */
    private void refuseAnonymous() {
        if (!SAFE_METHODS.contains(request.getMethod()) || request.getMethod().equals("OPTIONS")) {
            throw new HttpError(403);
        }
        String loginUrl = application.settings().get(Settings.LOGIN_URL);
        if (loginUrl.isEmpty()) {
            throw new IllegalStateException("@Authenticated needs the login_url setting");
        }
        String query = request.getQueryString();
        String next = path + (query == null ? "" : "?" + query);
        String separator = loginUrl.contains("?") ? "&" : "?";
        handler.redirect(loginUrl + separator + "next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    private void invoke(String method) throws Exception {
        switch (method) {
            case "GET" -> handler.get();
            case "HEAD" -> handler.head();
            case "POST" -> handler.post();
            case "PUT" -> handler.put();
            case "PATCH" -> handler.patch();
            case "DELETE" -> handler.delete();
            case "OPTIONS" -> handler.options();
            default -> throw methodNotAllowed();
        }
    }

    private void continueWhenDone() {
        AtomicBoolean completed = new AtomicBoolean();
        // A streamed body started the request asynchronously itself, and read the connection until its end.
        boolean watched = async == null;
        if (watched) {
            startAsync();
            async.addListener(new ClientGone(completed));
        }
        Runnable stopWatching = watched ? ContainerDuties.watchClient(request) : RequestCycle::unwatched;
        pending.whenComplete((result, failure) -> {
            stopWatching.run();
            if (!completed.compareAndSet(false, true)) {
                return;
            }
            try {
                if (failure != null) {
                    handleException(
                            failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause()
                                    : failure);
                } else if (!finished) {
                    finish();
                }
            } catch (RuntimeException e) {
                handleException(e);
            } finally {
                done();
            }
        });
    }

    boolean connectionClosed() {
        return connectionClosed;
    }

    private static void unwatched() {}

    /**
     * Ends a waiting request whose client closed its connection: the handler hears of it, its response is never
     * sent, and the access line says the client left.
     */
    private final class ClientGone implements AsyncListener {
        private final AtomicBoolean completed;

        ClientGone(AtomicBoolean completed) {
            this.completed = completed;
        }

        @Override
        public void onError(AsyncEvent event) {
            if (!ClientAbort.is(event.getThrowable()) || !completed.compareAndSet(false, true)) {
                return;
            }
            connectionClosed = true;
            ClientAbort.record(request, event.getThrowable());
            try {
                handler.onConnectionClose();
            } catch (RuntimeException e) {
                LOG.error("onConnectionClose failed for {} {}", request.getMethod(), uri(), e);
            } finally {
                done();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    private void handleException(Throwable e) {
        if (ClientAbort.is(e)) {
            ClientAbort.record(request, e);
        } else if (e instanceof HttpError error) {
            if (error.status() >= 500) {
                LOG.error("{} {} {}: {}", error.status(), request.getMethod(), uri(), error.getMessage());
            }
            sendError(error.status(), error);
        } else {
            errorId = ErrorReport.newRequestId();
            LOG.error("Uncaught exception {} {} (request {})", request.getMethod(), uri(), errorId, e);
            sendError(500, e);
        }
    }

    /** Ends the request: its uploads deleted, {@code onFinish}, and the end of the response when it went async. */
    private void done() {
        input.deleteUploads();
        try {
            handler.onFinish();
        } catch (RuntimeException e) {
            LOG.error("onFinish failed for {} {}", request.getMethod(), uri(), e);
        }
        if (async != null) {
            async.complete();
        }
    }

    /** Tornado's {@code compress_response}: gzip a compressible body of 1 KB or more for a client that accepts it. */
    private void compressBody() throws IOException {
        String type = response.getContentType() != null ? response.getContentType() : DEFAULT_CONTENT_TYPE;
        if (!Compression.compressible(type) || status == 204 || status == 304) {
            return;
        }
        response.addHeader("Vary", "Accept-Encoding");
        if (body.size() >= 1024
                && !response.containsHeader("Content-Encoding")
                && Compression.accepts(request.getHeader("Accept-Encoding"), "gzip")) {
            body.gzip();
            response.setHeader("Content-Encoding", "gzip");
        }
    }

    private void commitHeaders(boolean complete) {
        response.setStatus(status);
        if (closeConnection) {
            response.setHeader("Connection", "close");
        }
        if (body.size() > 0 && response.getContentType() == null) {
            response.setContentType(DEFAULT_CONTENT_TYPE);
        }
        if (complete && status != 204 && status != 304) {
            response.setContentLength(body.size());
        }
    }
}
