package dev.gale.web;

import dev.gale.files.Compression;
import dev.gale.files.StaticFiles;
import dev.gale.filters.ClientAbort;
import dev.gale.templates.Templates;
import dev.gale.templates.Translation;
import dev.gale.templates.Translations;
import dev.gale.filters.ErrorPage;
import dev.gale.filters.ErrorReport;
import dev.gale.security.SignedValue;
import dev.gale.security.XsrfToken;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one request: a new instance is made for each, as in Tornado.
 *
 * <h2>Subclassing</h2>
 * Override the methods the route answers ({@link #get()}, {@link #post()}, {@link #put()}, {@link #patch()},
 * {@link #delete()}, {@link #head()}, {@link #options()}); a method not overridden answers 405 with an {@code Allow}
 * header, and {@code HEAD} runs {@link #get()} without sending its body. The other hooks, in the order they run:
 * {@link #initialize(Map)} with the route's arguments, {@link #prepare()}, the method, {@link #onFinish()}; and
 * {@link #writeError(int, Throwable)} for error pages. Everything else is final.
 *
 * <h2>Path arguments</h2>
 * Tornado passes a route's capture groups to {@code get(self, *args)}; Java methods have fixed signatures, so the
 * groups are read with {@link #pathArg(int)} (numbered from 1, as in regular expressions) or {@link #pathArg(String)}
 * for named groups {@code (?<slug>[^/]+)}, percent-decoded.
 *
 * <h2>Output</h2>
 * {@link #write(String)} and its siblings buffer the body; it is sent with a {@code Content-Length} when the method
 * returns or calls {@link #finish()}, or earlier with {@link #flush()}. Throwing {@link HttpError} anywhere sends that
 * status; any other exception sends a 500 and logs the trace.
 */
public abstract class RequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger("gale.application");
    private static final String DEFAULT_CONTENT_TYPE = "text/html; charset=UTF-8";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private Application application;
    private CompiledRoute route;
    private Matcher pathMatch;
    private HttpServletRequest request;
    private HttpServletResponse response;

    private final ResponseBuffer body = new ResponseBuffer();
    private int status = 200;
    private boolean finished;
    private CompletionStage<?> pending;
    private Translation locale;
    private String errorId = "";
    private Optional<String> currentUser;
    private XsrfToken xsrfCookieToken;
    private String xsrfToken;
    private RequestInput input;

    /** Receives the route's init arguments; runs first. */
    protected void initialize(Map<String, Object> args) throws Exception {}

    /** Runs before the method; may {@link #finish()} the response, in which case the method is skipped. */
    protected void prepare() throws Exception {}

    protected void get() throws Exception {
        throw methodNotAllowed();
    }

    /** Runs {@link #get()} without sending the body, unless overridden. */
    protected void head() throws Exception {
        if (!route.allowedMethods().contains("GET")) {
            throw methodNotAllowed();
        }
        get();
    }

    protected void post() throws Exception {
        throw methodNotAllowed();
    }

    protected void put() throws Exception {
        throw methodNotAllowed();
    }

    protected void patch() throws Exception {
        throw methodNotAllowed();
    }

    protected void delete() throws Exception {
        throw methodNotAllowed();
    }

    protected void options() throws Exception {
        throw methodNotAllowed();
    }

    /** Runs after the response is sent; for clean-up and metrics. Exceptions here are logged. */
    protected void onFinish() {}

    /**
     * The logged-in user, as Tornado's {@code get_current_user}: override it, typically to read a signed cookie.
     * Called at most once per request; the default is nobody.
     */
    protected Optional<String> getCurrentUser() {
        return Optional.empty();
    }

    /**
     * With {@code xsrf_cookies}, runs before {@link #prepare()} on every POST, PUT, PATCH and DELETE: the
     * {@code _xsrf} argument, or the {@code X-XSRFToken} or {@code X-CSRFToken} header, must hold the token of the
     * {@code _xsrf} cookie, else 403. Override it to exempt a handler (an API authenticated otherwise).
     */
    protected void checkXsrfCookie() {
        String given = getArgument("_xsrf", null);
        if (given == null) {
            given = request.getHeader("X-XSRFToken");
        }
        if (given == null) {
            given = request.getHeader("X-CSRFToken");
        }
        if (given == null) {
            throw new HttpError(403, "'_xsrf' argument missing from " + method());
        }
        XsrfToken sent = XsrfToken.decode(given, nowSeconds())
                .orElseThrow(() -> new HttpError(403, "'_xsrf' argument has invalid format"));
        if (!sent.matches(xsrfCookieToken())) {
            throw new HttpError(403, "XSRF cookie does not match " + method() + " argument");
        }
    }

    /**
     * The locale code this user chose (from a profile, say), such as {@code zh_CN}; empty to follow the browser's
     * {@code Accept-Language}. The default is empty.
     */
    protected Optional<String> getUserLocale() {
        return Optional.empty();
    }

    /**
     * Writes the body of an error page; the status is already set. The default is a short HTML page with the
     * status and, for an {@link HttpError}, its message; for an unexpected exception, a page with the request id its
     * trace is logged under, or with {@code serve_traceback} the exception, its causes and the stack (HTML, or plain
     * text for a client that does not accept HTML).
     *
     * @param cause the {@link HttpError} or exception that caused it, or null for {@link #sendError(int)}
     */
    protected void writeError(int status, Throwable cause) {
        if (cause == null || cause instanceof HttpError) {
            write(ErrorPage.html(status, cause instanceof HttpError e ? e.getMessage() : HttpStatus.reason(status)));
        } else {
            ErrorReport.Page page = ErrorReport.page(
                    status, HttpStatus.reason(status), cause, request, errorId, settings().serveTraceback());
            setHeader("Content-Type", page.contentType());
            write(page.text());
        }
    }

    // ---- the request

    /** The servlet request, for what this API does not cover. */
    public final HttpServletRequest request() {
        return request;
    }

    /** The servlet response, for what this API does not cover. */
    public final HttpServletResponse response() {
        return response;
    }

    public final Application application() {
        return application;
    }

    public final Settings settings() {
        return application.settings();
    }

    /** The request method: GET, POST, ... */
    public final String method() {
        return request.getMethod();
    }

    /** The request path under the context path, as sent (not decoded). */
    public final String path() {
        return DispatchServlet.pathOf(request);
    }

    /** The path and query string as sent, context path included. */
    public final String uri() {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    /** The client's address (the proxy's unless forwarded headers are honoured). */
    public final String remoteIp() {
        return request.getRemoteAddr();
    }

    /** {@code http} or {@code https}. */
    public final String protocol() {
        return request.getScheme();
    }

    /** The {@code Host} header as sent, or the server's name and port when there is none. */
    public final String host() {
        String host = request.getHeader("Host");
        return host != null ? host : request.getServerName() + ":" + request.getServerPort();
    }

    /** The decoded text of capture group {@code group} (1 is the first); empty when an optional group did not match. */
    public final String pathArg(int group) {
        if (group < 1 || group > pathMatch().groupCount()) {
            throw new IllegalArgumentException(
                    "The route has " + pathMatch().groupCount() + " capture groups, not a group " + group);
        }
        return decodeGroup(pathMatch().group(group));
    }

    /** The decoded text of the named capture group {@code (?<name>...)}. */
    public final String pathArg(String name) {
        return decodeGroup(pathMatch().group(name));
    }

    /** Every capture group's decoded text, in order. */
    public final List<String> pathArgs() {
        List<String> args = new ArrayList<>(pathMatch().groupCount());
        for (int i = 1; i <= pathMatch().groupCount(); i++) {
            args.add(decodeGroup(pathMatch().group(i)));
        }
        return args;
    }

    /** The match of the path; a plain-text route's is made when first asked for, as requests rarely do. */
    private Matcher pathMatch() {
        if (pathMatch == null) {
            pathMatch = route.literalMatch();
        }
        return pathMatch;
    }

    /** Capture group {@code group} as sent, not decoded. */
    final String rawPathArg(int group) {
        String raw = pathMatch().group(group);
        return raw == null ? "" : raw;
    }

    public final Optional<String> getHeader(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    public final Optional<String> getCookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return Optional.of(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The last value of argument {@code name} from the query string or a form body.
     *
     * @throws HttpError 400 naming the argument when it is missing
     */
    public final String getArgument(String name) {
        return required(name, input.arguments(name));
    }

    /** The last value of argument {@code name} from the query string or a form body, or {@code defaultValue}. */
    public final String getArgument(String name, String defaultValue) {
        List<String> values = input.arguments(name);
        return values.isEmpty() ? defaultValue : values.get(values.size() - 1);
    }

    /** Every value of argument {@code name}, query string first, then the form body. */
    public final List<String> getArguments(String name) {
        return input.arguments(name);
    }

    /** As {@link #getArgument(String)}, from the query string only. */
    public final String getQueryArgument(String name) {
        return required(name, input.queryArguments().getOrDefault(name, List.of()));
    }

    public final String getQueryArgument(String name, String defaultValue) {
        List<String> values = input.queryArguments().getOrDefault(name, List.of());
        return values.isEmpty() ? defaultValue : values.get(values.size() - 1);
    }

    public final List<String> getQueryArguments(String name) {
        return input.queryArguments().getOrDefault(name, List.of());
    }

    /** As {@link #getArgument(String)}, from an {@code application/x-www-form-urlencoded} body only. */
    public final String getBodyArgument(String name) {
        return required(name, input.bodyArguments().getOrDefault(name, List.of()));
    }

    public final String getBodyArgument(String name, String defaultValue) {
        List<String> values = input.bodyArguments().getOrDefault(name, List.of());
        return values.isEmpty() ? defaultValue : values.get(values.size() - 1);
    }

    public final List<String> getBodyArguments(String name) {
        return input.bodyArguments().getOrDefault(name, List.of());
    }

    /** The request body as sent; read once and kept. */
    public final byte[] getBody() {
        return input.body();
    }

    /** The URL of the named route with {@code args} in its capture groups, under this context path. */
    public final String reverseUrl(String name, Object... args) {
        return request.getContextPath() + application.reverseUrl(name, args);
    }

    /**
     * The URL of a static file with its content version, {@code /static/images/logo.png?v=1a2b3c4d5e6f7a8b}, under
     * this context path: browsers may cache it for ten years, and a new version gets a new URL.
     */
    public final String staticUrl(String path) {
        return staticFiles().url(path, true);
    }

    /** As {@link #staticUrl(String)}; without the {@code ?v=} when {@code includeVersion} is false. */
    public final String staticUrl(String path, boolean includeVersion) {
        return staticFiles().url(path, includeVersion);
    }

    /** The locale of this request: {@link #getUserLocale()}, else the browser's {@code Accept-Language}, else the default. */
    public final Translation getLocale() {
        if (locale == null) {
            Translations translations = application.services().translations();
            locale = getUserLocale()
                    .map(translations::get)
                    .orElseGet(() -> translations.forAcceptLanguage(request.getHeader("Accept-Language")));
        }
        return locale;
    }

    /** {@code message} in this request's locale, as Tornado's {@code _()}. */
    public final String translate(String message) {
        return getLocale().translate(message);
    }

    /**
     * Renders the mustache template {@code name} from {@code template_path} with {@code model} (a map or an object
     * whose methods and fields mustache reads) and writes it. Templates also see the helpers {@code static_url},
     * {@code _}, {@code reverse_url}, {@code request} and {@code locale}; see {@link #renderString(String, Object)}.
     */
    public final void render(String name, Object model) {
        checkNotFinished();
        int before = body.size();
        try (Utf8Writer out = new Utf8Writer(body)) {
            templates().render(name, List.of(TemplateHelpers.of(this), model), out);
        } catch (RuntimeException e) {
            body.truncate(before);
            throw e;
        }
    }

    /**
     * Renders a template to a string. Helpers, used as mustache sections: {@code {{#static_url}}images/logo.png{{/static_url}}},
     * {@code {{#_}}Home{{/_}}}, {@code {{#reverse_url}}entry my-slug{{/reverse_url}}} (route name, then arguments);
     * and values: {@code {{request.path}}}, {@code {{request.host}}}, {@code {{locale}}}.
     */
    public final String renderString(String name, Object model) {
        return templates().render(name, List.of(TemplateHelpers.of(this), model));
    }

    private Templates templates() {
        return application.services().templates()
                .orElseThrow(() -> new IllegalStateException("render needs the template_path setting"));
    }

    /** The user {@link #getCurrentUser()} gives, asked once per request. */
    public final Optional<String> currentUser() {
        if (currentUser == null) {
            currentUser = getCurrentUser();
        }
        return currentUser;
    }

    /**
     * The value of a cookie signed with {@link #setSignedCookie}, when its signature holds and it is at most 31 days
     * old; empty for a missing, tampered, expired or foreign-signed cookie.
     */
    public final Optional<String> getSignedCookie(String name) {
        return getSignedCookie(name, 31);
    }

    /** As {@link #getSignedCookie(String)}, accepting cookies up to {@code maxAgeDays} old. */
    public final Optional<String> getSignedCookie(String name, double maxAgeDays) {
        return getCookie(name).flatMap(value -> signer().decode(name, value, maxAgeDays));
    }

    /** Sets a cookie signed with {@code cookie_secret} in Tornado's format, kept by the browser for 30 days. */
    public final void setSignedCookie(String name, String value) {
        setSignedCookie(name, value, 30);
    }

    /**
     * As {@link #setSignedCookie(String, String)}, kept for {@code expiresDays}.
     *
     * @throws IllegalArgumentException when the signed value makes a cookie over 4096 bytes, as a value of more than
     *     about 2,900 bytes does; see {@link #setCookie(String, String, Duration)}
     */
    public final void setSignedCookie(String name, String value, double expiresDays) {
        setCookie(name, signer().create(name, value), Duration.ofSeconds((long) (expiresDays * 86400)));
    }

    /**
     * This request's XSRF token, masked anew for each page; sets the {@code _xsrf} cookie when the client has none.
     * Any token made for the cookie stays valid while the cookie does.
     */
    public final String xsrfToken() {
        if (xsrfToken == null) {
            boolean hadCookie = getCookie("_xsrf").flatMap(c -> XsrfToken.decode(c, nowSeconds())).isPresent();
            xsrfToken = xsrfCookieToken().masked();
            if (!hadCookie) {
                Cookie cookie = new Cookie("_xsrf", xsrfToken);
                cookie.setPath(cookiePath());
                cookie.setAttribute("SameSite", "Lax");
                cookie.setSecure(request.isSecure());
                response.addCookie(cookie);
            }
        }
        return xsrfToken;
    }

    /** {@code <input type="hidden" name="_xsrf" value="...">} for a form. */
    public final String xsrfFormHtml() {
        return "<input type=\"hidden\" name=\"_xsrf\" value=\"" + Escape.html(xsrfToken()) + "\">";
    }

    /**
     * The files sent in field {@code name} of a {@code multipart/form-data} body.
     *
     * @throws HttpError 413 when the body passes {@code max_body_size}, 400 when it is not valid multipart
     */
    public final List<UploadedFile> getFiles(String name) {
        return input.files(name);
    }

    /**
     * {@code candidate} when it is a path on this site ({@code /a/b?c}), else {@code fallback}: for a {@code next}
     * argument, so a login form cannot be made to send users elsewhere ({@code //evil}, {@code /\\evil} and
     * {@code https://...} are refused).
     */
    public final String localPath(String candidate, String fallback) {
        boolean local = candidate != null
                && candidate.startsWith("/")
                && !candidate.startsWith("//")
                && candidate.indexOf('\\') < 0
                && candidate.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
        return local ? candidate : fallback;
    }

    // ---- the response

    public final void setStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + status);
        }
        this.status = status;
    }

    public final int getStatus() {
        return status;
    }

    public final void setHeader(String name, String value) {
        response.setHeader(name, value);
    }

    public final void addHeader(String name, String value) {
        response.addHeader(name, value);
    }

    public final void clearHeader(String name) {
        response.setHeader(name, null);
    }

    /**
     * Sets a cookie for this application's context path, {@code HttpOnly} and {@code SameSite=Lax}.
     *
     * @param maxAge how long the browser keeps it; zero or negative for a session cookie
     * @throws IllegalArgumentException when no browser would keep the cookie: a name or value with a control
     *     character, a space, {@code ;} or a character outside ASCII, or over 4096 bytes with its attributes
     */
    public final void setCookie(String name, String value, Duration maxAge) {
        CookieLimits.check(name, value, cookiePath());
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(cookiePath());
        cookie.setHttpOnly(true);
        cookie.setAttribute("SameSite", "Lax");
        if (request.isSecure()) {
            cookie.setSecure(true);
        }
        if (!maxAge.isNegative() && !maxAge.isZero()) {
            cookie.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
        }
        response.addCookie(cookie);
    }

    /** Sets a session cookie; see {@link #setCookie(String, String, Duration)}. */
    public final void setCookie(String name, String value) {
        setCookie(name, value, Duration.ZERO);
    }

    /** Tells the browser to delete the cookie. */
    public final void clearCookie(String name) {
        Cookie cookie = new Cookie(name, "");
        cookie.setPath(cookiePath());
        cookie.setMaxAge(0);
        response.addCookie(cookie);
    }

    /** Adds text to the body. */
    public final void write(String chunk) {
        checkNotFinished();
        body.adopt(chunk.getBytes(StandardCharsets.UTF_8));
    }

    public final void write(byte[] chunk) {
        checkNotFinished();
        body.write(chunk);
    }

    /** Writes a map as JSON and sets {@code Content-Type: application/json}. */
    public final void write(Map<String, ?> json) {
        writeJson(json);
    }

    /** Writes a record as a JSON object and sets {@code Content-Type: application/json}. */
    public final void write(Record json) {
        writeJson(json);
    }

    /** Sends the status, the headers and what is buffered now; the response stays open for more. */
    public final void flush() {
        checkNotFinished();
        try {
            commitHeaders(false);
            body.writeTo(responseStream());
            body.reset();
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("The client went away", e);
        }
    }

    /** Sends the response; nothing can be written after it. Called for you when the method returns. */
    public final void finish() {
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
                body.writeTo(responseStream());
            }
        } catch (IOException e) {
            LOG.debug("Client went away before the response to {} {} was sent", method(), uri(), e);
        }
    }

    /** Writes {@code chunk}, then finishes. */
    public final void finish(String chunk) {
        write(chunk);
        finish();
    }

    /** Redirects with 302 Found; a path starting with {@code /} is under this application's context path. */
    public final void redirect(String url) {
        redirect(url, false);
    }

    /** Redirects with 301 Moved Permanently when {@code permanent}, else 302 Found. */
    public final void redirect(String url, boolean permanent) {
        if (response.isCommitted()) {
            throw new IllegalStateException("Cannot redirect after the headers were sent");
        }
        setStatus(permanent ? 301 : 302);
        boolean local = url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\");
        setHeader("Location", local ? request.getContextPath() + url : url);
        finish();
    }

    /** Sends an error page for {@code status} through {@link #writeError(int, Throwable)}. */
    public final void sendError(int status) {
        sendError(status, null);
    }

    /** Sends an error page for {@code status}, caused by {@code cause}, through {@link #writeError(int, Throwable)}. */
    public final void sendError(int status, Throwable cause) {
        if (response.isCommitted()) {
            LOG.error("Cannot send a {} error for {} {}: the response was already started", status, method(), uri());
            finished = true;
            return;
        }
        response.reset();
        body.reset();
        finished = false;
        setStatus(status);
        if (cause instanceof HttpError error) {
            error.headers().forEach(this::setHeader);
        }
        try {
            writeError(status, cause);
        } catch (RuntimeException e) {
            LOG.error("writeError failed for {} {}", method(), uri(), e);
            body.reset();
            write(ErrorPage.html(status, HttpStatus.reason(status)));
        }
        if (!finished) {
            finish();
        }
    }

    /**
     * Keeps the request open until {@code work} completes, without holding a thread, then finishes the response.
     * A {@code work} that fails sends the error page as a thrown exception would. Call it from the method, once.
     */
    public final void finishAfter(CompletionStage<?> work) {
        if (pending != null) {
            throw new IllegalStateException("finishAfter was already called");
        }
        pending = work;
    }

    /** Marks the response as written straight to the servlet response, by a static file for instance. */
    final void sentDirectly() {
        finished = true;
        status = response.getStatus();
    }

    // ---- the lifecycle, driven by DispatchServlet

    final void execute(
            Application application,
            CompiledRoute route,
            Matcher pathMatch,
            HttpServletRequest request,
            HttpServletResponse response) {
        this.application = application;
        this.route = route;
        this.pathMatch = pathMatch;
        this.request = request;
        this.response = response;
        this.input = new RequestInput(request, application.settings().get(Settings.UPLOAD_MODULE_PATH));
        try {
            initialize(route.route().initArgs());
            if (application.xsrfCookies() && !SAFE_METHODS.contains(request.getMethod())) {
                checkXsrfCookie();
            }
            prepare();
            if (!finished && route.authenticatedMethods().contains(request.getMethod()) && currentUser().isEmpty()) {
                refuseAnonymous();
            }
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

    /** What {@link Authenticated} does without a user: to {@code login_url} for GET and HEAD, else 403. */
    private void refuseAnonymous() {
        if (!SAFE_METHODS.contains(request.getMethod()) || request.getMethod().equals("OPTIONS")) {
            throw new HttpError(403);
        }
        String loginUrl = settings().get(Settings.LOGIN_URL);
        if (loginUrl.isEmpty()) {
            throw new IllegalStateException("@Authenticated needs the login_url setting");
        }
        String query = request.getQueryString();
        String next = path() + (query == null ? "" : "?" + query);
        String separator = loginUrl.contains("?") ? "&" : "?";
        redirect(loginUrl + separator + "next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    private void invoke(String method) throws Exception {
        switch (method) {
            case "GET" -> get();
            case "HEAD" -> head();
            case "POST" -> post();
            case "PUT" -> put();
            case "PATCH" -> patch();
            case "DELETE" -> delete();
            case "OPTIONS" -> options();
            default -> throw methodNotAllowed();
        }
    }

    private void continueWhenDone() {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        pending.whenComplete((result, failure) -> {
            try {
                if (failure != null) {
                    handleException(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure);
                } else if (!finished) {
                    finish();
                }
            } catch (RuntimeException e) {
                handleException(e);
            } finally {
                done();
                async.complete();
            }
        });
    }

    private void handleException(Throwable e) {
        if (ClientAbort.is(e)) {
            ClientAbort.record(request, e);
        } else if (e instanceof HttpError error) {
            if (error.status() >= 500) {
                LOG.error("{} {} {}: {}", error.status(), method(), uri(), error.getMessage());
            }
            sendError(error.status(), error);
        } else {
            errorId = ErrorReport.newRequestId();
            LOG.error("Uncaught exception {} {} (request {})", method(), uri(), errorId, e);
            sendError(500, e);
        }
    }

    private void done() {
        input.deleteUploads();
        try {
            onFinish();
        } catch (RuntimeException e) {
            LOG.error("onFinish failed for {} {}", method(), uri(), e);
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
        if (body.size() > 0 && response.getContentType() == null) {
            response.setContentType(DEFAULT_CONTENT_TYPE);
        }
        if (complete && status != 204 && status != 304) {
            response.setContentLength(body.size());
        }
    }

    private StaticFiles staticFiles() {
        return application.services().staticFiles()
                .orElseThrow(() -> new IllegalStateException("static_url needs the static_path setting"));
    }

    private OutputStream responseStream() throws IOException {
        return response.getOutputStream();
    }

    private void writeJson(Object json) {
        checkNotFinished();
        setHeader("Content-Type", "application/json; charset=UTF-8");
        body.adopt(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException("Cannot write after finish()");
        }
    }

    private MethodNotAllowed methodNotAllowed() {
        return new MethodNotAllowed(route.allowedMethods());
    }

    private String cookiePath() {
        String contextPath = request.getContextPath();
        return contextPath.isEmpty() ? "/" : contextPath;
    }


    private SignedValue signer() {
        return application.services().signer()
                .orElseThrow(() -> new IllegalStateException("signed cookies need the cookie_secret setting"));
    }

    private XsrfToken xsrfCookieToken() {
        if (xsrfCookieToken == null) {
            xsrfCookieToken = getCookie("_xsrf")
                    .flatMap(cookie -> XsrfToken.decode(cookie, nowSeconds()))
                    .orElseGet(() -> XsrfToken.generate(nowSeconds()));
        }
        return xsrfCookieToken;
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static String required(String name, List<String> values) {
        if (values.isEmpty()) {
            throw new HttpError(400, "Missing argument " + name);
        }
        return values.get(values.size() - 1);
    }

    private static String decodeGroup(String raw) {
        return raw == null ? "" : PercentDecoder.decodePath(raw);
    }
}
