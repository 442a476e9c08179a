package dev.gale.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An HTTP client of one {@link GaleTestServer}, behaving as a browser does with a Gale page: it keeps the cookies the
 * server sets, does not follow redirects (so a test sees them), and sends the {@code _xsrf} token with every POST,
 * PUT, PATCH and DELETE as the {@code X-XSRFToken} header, taking it from the {@code _xsrf} cookie (and setting that
 * cookie first when the server has not), so tests of handlers behind {@code xsrf_cookies} need not fetch a form.
 *
 * <pre>{@code
 * TestClient client = server.client();
 * HttpResponse<String> created = client.post("/notes", Map.of("text", "Buy milk"));
 * assertEquals(302, created.statusCode());
 * assertEquals("/notes/1", created.headers().firstValue("Location").orElseThrow());
 * }</pre>
 */
public final class TestClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String XSRF = "_xsrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GaleTestServer server;
    private final CookieManager cookies;
    private final HttpClient http;
    private final boolean fillsXsrf;

    TestClient(GaleTestServer server) {
        this(server, new CookieManager(null, CookiePolicy.ACCEPT_ALL), true);
    }

    private TestClient(GaleTestServer server, CookieManager cookies, boolean fillsXsrf) {
        this.server = server;
        this.cookies = cookies;
        this.fillsXsrf = fillsXsrf;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** This client with the same cookies, sending requests as they are given: to test that a token is checked. */
    public TestClient withoutXsrf() {
        return new TestClient(server, cookies, false);
    }

    /** A request for {@code path} (with its query, if any) under the context path, for {@link #send}. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(TIMEOUT);
    }

    /** {@code GET path}. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** {@code POST path} with {@code form} as {@code application/x-www-form-urlencoded}. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        return post(path, formBody(form));
    }

    /** {@code POST path} with a body already encoded as {@code application/x-www-form-urlencoded}. */
    public HttpResponse<String> post(String path, String formBody) {
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody, StandardCharsets.UTF_8)));
    }

    /** {@code PUT path} with a JSON body. */
    public HttpResponse<String> putJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** {@code DELETE path}. */
    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    /**
     * Sends the request and reads the body as UTF-8 text; a POST, PUT, PATCH or DELETE gets the XSRF header unless it
     * has one, or a {@code Cookie} header of its own, or this client is {@link #withoutXsrf()}.
     */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** As {@link #send(HttpRequest.Builder)}, reading the body with {@code body}, such as {@code ofByteArray()}. */
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        HttpRequest built = request.build();
        if (fillsXsrf
                && UNSAFE_METHODS.contains(built.method())
                && built.headers().firstValue("X-XSRFToken").isEmpty()
                && built.headers().firstValue("Cookie").isEmpty()) {
            String token = xsrfToken();
            built = HttpRequest.newBuilder(built, (name, value) -> true)
                    .header("X-XSRFToken", token)
                    .build();
        }
        try {
            return http.send(built, body);
        } catch (IOException e) {
            throw new UncheckedIOException("No answer to " + built.method() + " " + built.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + built.uri(), e);
        }
    }

    /** The value of the cookie {@code name} this client holds for the server, if any. */
    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().get(server.uri("/")).stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** Sets the cookie {@code name} for the whole server, as if the server had set it. */
    public void setCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(server.uri("/"), cookie);
    }

    /** The {@code _xsrf} cookie's token, after setting the cookie to a new token when the server has set none. */
    private String xsrfToken() {
        return cookie(XSRF).orElseGet(() -> {
            byte[] token = new byte[16];
            RANDOM.nextBytes(token);
            String value = HexFormat.of().formatHex(token);
            setCookie(XSRF, value);
            return value;
        });
    }

    /** {@code form} encoded as {@code application/x-www-form-urlencoded}, in its iteration order. */
    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
