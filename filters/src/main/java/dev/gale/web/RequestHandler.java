package dev.gale.web;

import dev.gale.internal.filters.ErrorPage;
import dev.gale.internal.filters.ErrorReport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Serves one request: a new instance is made for each, as in Tornado. Override the methods the route answers
 * ({@link #get()}, {@link #post()}, ...; the others answer 405) and the hooks, in the order they run:
 * {@link #initialize(Map)}, {@link #prepare()}, the method, {@link #onFinish()}; {@link #writeError(int, Throwable)}
 * draws error pages. Capture groups are read with {@link #pathArg(int)} or {@link #pathArg(String)}. The body is
 * buffered and sent with a {@code Content-Length} when the method returns, or earlier with {@link #flush()}; a thrown
 * {@link HttpError} sends its status, any other exception a 500 with the trace in the log.
 */
public abstract class RequestHandler {
    /** This request's state and lifecycle; set before {@link #initialize(Map)}. */
    RequestCycle cycle;

    /** Receives the route's init arguments; runs first. */
    protected void initialize(Map<String, Object> args) throws Exception {}

    /** Runs before the method; may {@link #finish()} the response, in which case the method is skipped. */
    protected void prepare() throws Exception {}

    protected void get() throws Exception {
        throw cycle.methodNotAllowed();
    }

    /** Runs {@link #get()} without sending the body, unless overridden. */
    protected void head() throws Exception {
        get();
    }

    protected void post() throws Exception {
        throw cycle.methodNotAllowed();
    }

    protected void put() throws Exception {
        throw cycle.methodNotAllowed();
    }

    protected void patch() throws Exception {
        throw cycle.methodNotAllowed();
    }

    protected void delete() throws Exception {
        throw cycle.methodNotAllowed();
    }

    protected void options() throws Exception {
        throw cycle.methodNotAllowed();
    }

    /**
     * Receives the next piece of the body of a {@link StreamRequestBody} handler's request, after {@link #prepare()}
     * and before the method; the pieces come in order and add up to the body. {@code chunk} is only valid during the
     * call: write it, hash it or copy it. A thrown exception stops the reading and sends the error page as the method
     * would; the method does not run.
     */
    protected void dataReceived(ByteBuffer chunk) throws Exception {}

    /** Runs after the response is sent; for clean-up and metrics. Exceptions here are logged. */
    protected void onFinish() {}

    /**
     * The logged-in user, as Tornado's {@code get_current_user}: a name, a record or a row, asked once per request
     * and seen by templates as {@code current_user}; by default nobody.
     */
    protected Optional<?> getCurrentUser() {
        return Optional.empty();
    }

    /** With {@code xsrf_cookies}, 403 unless a POST, PUT, PATCH or DELETE carries the token; override to exempt. */
    protected void checkXsrfCookie() {
        cycle.xsrf().check();
    }

    /** What every template of this handler sees, as Tornado's {@code get_template_namespace}; a page's model wins. */
    protected Map<String, Object> getTemplateNamespace() {
        return Map.of();
    }

    /** The locale this user chose (in a profile, say), such as {@code zh_CN}; by default none: the browser's. */
    protected Optional<String> getUserLocale() {
        return Optional.empty();
    }

    /**
     * Writes the body of an error page, the status already set: by default the status and an {@link HttpError}'s
     * message, or the request id an exception's trace is logged under (with {@code serve_traceback}, the trace).
     *
     * @param cause the {@link HttpError} or exception that caused it, or null for {@link #sendError(int)}
     */
    protected void writeError(int status, Throwable cause) {
        if (cause == null || cause instanceof HttpError) {
            write(ErrorPage.html(status, cause instanceof HttpError e ? e.getMessage() : HttpStatus.reason(status)));
        } else {
            ErrorReport.Page page = ErrorReport.page(
                    status,
                    HttpStatus.reason(status),
                    cause,
                    request(),
                    cycle.errorId(),
                    settings().serveTraceback());
            setHeader("Content-Type", page.contentType());
            write(page.text());
        }
    }

    /** The servlet request, for what this API does not cover. */
    public final HttpServletRequest request() {
        return cycle.request;
    }

    /** The servlet response, for what this API does not cover. */
    public final HttpServletResponse response() {
        return cycle.response;
    }

    public final Application application() {
        return cycle.application;
    }

    public final Settings settings() {
        return cycle.application.settings();
    }

    /** The request method: GET, POST, ... */
    public final String method() {
        return request().getMethod();
    }

    /** The request path under the context path, as sent (not decoded). */
    public final String path() {
        return cycle.path;
    }

    /** The path and query string as sent, context path included. */
    public final String uri() {
        return cycle.uri();
    }

    /** The client's address (the proxy's unless forwarded headers are honoured). */
    public final String remoteIp() {
        return request().getRemoteAddr();
    }

    /** {@code http} or {@code https}. */
    public final String protocol() {
        return request().getScheme();
    }

    /** The {@code Host} header as sent, or the server's name and port when there is none. */
    public final String host() {
        return getHeader("Host")
                .orElseGet(() -> request().getServerName() + ":" + request().getServerPort());
    }

    /** The decoded text of capture group {@code group} (1 is the first); empty when an optional group did not match. */
    public final String pathArg(int group) {
        return cycle.pathArgs.get(group);
    }

    /** The decoded text of the named capture group {@code (?<name>...)}. */
    public final String pathArg(String name) {
        return cycle.pathArgs.get(name);
    }

    /** Every capture group's decoded text, in order. */
    public final List<String> pathArgs() {
        return cycle.pathArgs.all();
    }

    public final Optional<String> getHeader(String name) {
        return Optional.ofNullable(request().getHeader(name));
    }

    public final Optional<String> getCookie(String name) {
        return cycle.input.cookie(name);
    }

    /**
     * The last value of argument {@code name} from the query string or a form body.
     *
     * @throws HttpError 400 naming the argument when it is missing
     */
    public final String getArgument(String name) {
        return RequestInput.required(name, getArguments(name));
    }

    /** The last value of argument {@code name} from the query string or a form body, or {@code defaultValue}. */
    public final String getArgument(String name, String defaultValue) {
        return RequestInput.last(getArguments(name), defaultValue);
    }

    /** Every value of argument {@code name}, query string first, then the form body. */
    public final List<String> getArguments(String name) {
        return cycle.input.arguments(name);
    }

    /** As {@link #getArgument(String)}, from the query string only. */
    public final String getQueryArgument(String name) {
        return RequestInput.required(name, getQueryArguments(name));
    }

    public final String getQueryArgument(String name, String defaultValue) {
        return RequestInput.last(getQueryArguments(name), defaultValue);
    }

    public final List<String> getQueryArguments(String name) {
        return cycle.input.queryArguments().getOrDefault(name, List.of());
    }

    /** As {@link #getArgument(String)}, from an {@code application/x-www-form-urlencoded} body only. */
    public final String getBodyArgument(String name) {
        return RequestInput.required(name, getBodyArguments(name));
    }

    public final String getBodyArgument(String name, String defaultValue) {
        return RequestInput.last(getBodyArguments(name), defaultValue);
    }

    public final List<String> getBodyArguments(String name) {
        return cycle.input.bodyArguments().getOrDefault(name, List.of());
    }

    /**
     * The largest body this request may send to a {@link StreamRequestBody} handler, instead of
     * {@code max_streamed_body_size}; as Tornado's {@code request.connection.set_max_body_size}. Call it in
     * {@link #prepare()}: once the body is being read it is too late.
     *
     * @throws IllegalStateException when the handler does not stream its body, or the body is being read
     */
    public final void setMaxBodySize(long bytes) {
        cycle.setMaxBodySize(bytes);
    }

    /**
     * The request body as sent; read once and kept.
     *
     * @throws IllegalStateException in a {@link StreamRequestBody} handler, whose body goes to {@link #dataReceived}
     */
    public final byte[] getBody() {
        return cycle.input.body();
    }

    /**
     * The files sent in field {@code name} of a {@code multipart/form-data} body.
     *
     * @throws HttpError 413 when the body passes {@code max_body_size}, 400 when it is not valid multipart
     */
    public final List<UploadedFile> getFiles(String name) {
        return cycle.input.files(name);
    }

    /** Every file of a multipart body by field name, as Tornado's {@code request.files}. */
    public final Map<String, List<UploadedFile>> getFiles() {
        return cycle.input.allFiles();
    }

    /** The URL of the named route with {@code args} in its capture groups, under this context path. */
    public final String reverseUrl(String name, Object... args) {
        return request().getContextPath() + application().reverseUrl(name, args);
    }

    /**
     * The URL of a static file with its content version, {@code /static/images/logo.png?v=1a2b3c4d5e6f7a8b}, under
     * this context path: browsers may cache it for ten years, and a new version gets a new URL.
     */
    public final String staticUrl(String path) {
        return staticUrl(path, true);
    }

    /** As {@link #staticUrl(String)}; without the {@code ?v=} when {@code includeVersion} is false. */
    public final String staticUrl(String path, boolean includeVersion) {
        return cycle.staticFiles().url(path, includeVersion);
    }

    /**
     * The locale of this request: {@link #getUserLocale()}, else the browser's {@code Accept-Language}, else the
     * default.
     */
    public final Translation getLocale() {
        return cycle.locale();
    }

    /** The supported locale closest to {@code code} ({@code zh} for {@code zh_TW}), else the default. */
    public final Translation getLocale(String code) {
        return application().services().translations().get(code);
    }

    /** Renders the rest of this request, templates included, in the supported locale closest to {@code code}. */
    public final void setLocale(String code) {
        cycle.setLocale(code);
    }

    /** The codes of the locales with translations, and the default's, as Tornado's {@code get_supported_locales}. */
    public final List<String> supportedLocales() {
        return application().services().translations().codes();
    }

    /** {@code message} in this request's locale, as Tornado's {@code _()}. */
    public final String translate(String message) {
        return getLocale().translate(message);
    }

    /** Renders the mustache template {@code name} with {@code model} (a map or an object) and writes it. */
    public final void render(String name, Object model) {
        cycle.render(name, model);
    }

    /** Renders a template to a string; templates also see the helpers the README's templates section lists. */
    public final String renderString(String name, Object model) {
        return cycle.templates().render(name, TemplateHelpers.scopes(this, model));
    }

    /** The user {@link #getCurrentUser()} gives, asked once per request. */
    public final Optional<?> currentUser() {
        return cycle.currentUser();
    }

    /** As {@link #currentUser()}, typed as the application's users are: {@code currentUser(User.class)}. */
    public final <U> Optional<U> currentUser(Class<U> type) {
        return cycle.currentUser().map(type::cast);
    }

    /** A cookie's value signed with {@link #setSignedCookie} if its signature holds and it is under 31 days old. */
    public final Optional<String> getSignedCookie(String name) {
        return getSignedCookie(name, 31);
    }

    /** As {@link #getSignedCookie(String)}, accepting cookies up to {@code maxAgeDays} old. */
    public final Optional<String> getSignedCookie(String name, double maxAgeDays) {
        return getCookie(name).flatMap(value -> cycle.signer().decode(name, value, maxAgeDays));
    }

    /** Sets a cookie signed with {@code cookie_secret} in Tornado's format, kept by the browser for 30 days. */
    public final void setSignedCookie(String name, String value) {
        setSignedCookie(name, value, 30);
    }

    /** As {@link #setSignedCookie(String, String)}, kept for {@code expiresDays}; values up to about 2,900 bytes. */
    public final void setSignedCookie(String name, String value, double expiresDays) {
        setCookie(name, cycle.signer().create(name, value), Duration.ofSeconds((long) (expiresDays * 86400)));
    }

    /** This request's XSRF token, masked anew for each page; sets the {@code _xsrf} cookie when the client has none. */
    public final String xsrfToken() {
        return cycle.xsrf().masked();
    }

    /** {@code <input type="hidden" name="_xsrf" value="...">} for a form. */
    public final String xsrfFormHtml() {
        return "<input type=\"hidden\" name=\"_xsrf\" value=\"" + Escape.html(xsrfToken()) + "\">";
    }

    /** {@code candidate} when it is a path on this site ({@code /a/b?c}), else {@code fallback}: for {@code next}. */
    public final String localPath(String candidate, String fallback) {
        return LocalUrl.isLocal(candidate) ? candidate : fallback;
    }

    public final void setStatus(int status) {
        cycle.setStatus(status);
    }

    public final int getStatus() {
        return cycle.status();
    }

    public final void setHeader(String name, String value) {
        response().setHeader(name, value);
    }

    public final void addHeader(String name, String value) {
        response().addHeader(name, value);
    }

    public final void clearHeader(String name) {
        response().setHeader(name, null);
    }

    /**
     * Sets a cookie for this application's context path, {@code HttpOnly} and {@code SameSite=Lax}.
     *
     * @param maxAge how long the browser keeps it; zero or negative for a session cookie
     * @throws IllegalArgumentException when no browser would keep the cookie: a name or value with a control
     *     character, a space, {@code ;} or a character outside ASCII, or over 4096 bytes with its attributes
     */
    public final void setCookie(String name, String value, Duration maxAge) {
        ResponseCookies.set(request(), response(), name, value, maxAge);
    }

    /** Sets a session cookie; see {@link #setCookie(String, String, Duration)}. */
    public final void setCookie(String name, String value) {
        setCookie(name, value, Duration.ZERO);
    }

    /** Tells the browser to delete the cookie. */
    public final void clearCookie(String name) {
        ResponseCookies.clear(request(), response(), name);
    }

    /** Adds text to the body. */
    public final void write(String chunk) {
        cycle.write(chunk.getBytes(StandardCharsets.UTF_8));
    }

    public final void write(byte[] chunk) {
        cycle.checkNotFinished();
        cycle.body.write(chunk);
    }

    /** Writes a map as JSON and sets {@code Content-Type: application/json}. */
    public final void write(Map<String, ?> json) {
        cycle.writeJson(json);
    }

    /** Writes a record as a JSON object and sets {@code Content-Type: application/json}. */
    public final void write(Record json) {
        cycle.writeJson(json);
    }

    /** Sends the status, the headers and what is buffered now; the response stays open for more. */
    public final void flush() {
        cycle.flush();
    }

    /** Sends the response; nothing can be written after it. Called for you when the method returns. */
    public final void finish() {
        cycle.finish();
    }

    /** Writes {@code chunk}, then finishes. */
    public final void finish(String chunk) {
        write(chunk);
        finish();
    }

    /** Redirects with 302 Found; a path that {@link #localPath} keeps is put under this application's context path. */
    public final void redirect(String url) {
        redirect(url, false);
    }

    /** Redirects with 301 Moved Permanently when {@code permanent}, else 302 Found. */
    public final void redirect(String url, boolean permanent) {
        cycle.redirect(url, permanent);
    }

    /** Sends an error page for {@code status} through {@link #writeError(int, Throwable)}. */
    public final void sendError(int status) {
        sendError(status, null);
    }

    /** Sends an error page for {@code status}, caused by {@code cause}, through {@link #writeError(int, Throwable)}. */
    public final void sendError(int status, Throwable cause) {
        cycle.sendError(status, cause);
    }

    /**
     * Keeps the request open until {@code work} completes, without holding a thread, then finishes the response.
     * A {@code work} that fails sends the error page as a thrown exception would. Call it from the method, once.
     */
    public final void finishAfter(CompletionStage<?> work) {
        cycle.finishAfter(work);
    }

    /**
     * Tornado's {@code on_connection_close}: called once when the client closes its connection while the request
     * waits on {@link #finishAfter} work, such as a long poll, so the handler can stop that work. The response is
     * then never sent, and the access line says 499. The launcher and Tomcat notice the close at once.
     */
    protected void onConnectionClose() {}

    /** Whether the client closed its connection while the request waited; nothing written since then is sent. */
    protected final boolean isConnectionClosed() {
        return cycle.connectionClosed();
    }
}
