package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static TestServer server;

    public static final class RequiredHandler extends RequestHandler {
        @Override
        protected void get() {
            write("flavour=" + getArgument("flavour"));
        }

        @Override
        protected void post() {
            get();
        }
    }

    public static final class DefaultHandler extends RequestHandler {
        @Override
        protected void get() {
            write("flavour=" + getArgument("flavour", "vanilla"));
        }
    }

    public static final class AllValuesHandler extends RequestHandler {
        @Override
        protected void post() {
            write("all=" + getArguments("x") + " last=" + getArgument("x"));
        }
    }

    public static final class SourcesHandler extends RequestHandler {
        @Override
        protected void post() {
            write("query:q=" + getQueryArgument("q", "-")
                    + " query:b=" + getQueryArgument("b", "-")
                    + " body:q=" + getBodyArgument("q", "-")
                    + " body:b=" + getBodyArgument("b", "-")
                    + " queryAll:q=" + getQueryArguments("q")
                    + " bodyAll:b=" + getBodyArguments("b"));
        }
    }

    public static final class RequiredBodyHandler extends RequestHandler {
        @Override
        protected void post() {
            write("b=" + getBodyArgument("b"));
        }
    }

    public static final class RequiredQueryHandler extends RequestHandler {
        @Override
        protected void post() {
            write("q=" + getQueryArgument("q"));
        }
    }

    public static final class EchoHandler extends RequestHandler {
        @Override
        protected void get() {
            write("[" + getArgument("text", "") + "][" + getArgument("word", "") + "]");
        }

        @Override
        protected void post() {
            get();
        }
    }

    public static final class BodyHandler extends RequestHandler {
        @Override
        protected void post() {
            String formValue = getBodyArgument("a", "none");
            setHeader("Content-Type", "application/octet-stream");
            setHeader("X-Form-Value", formValue);
            write(getBody());
        }
    }

    public static final class HeaderCookieHandler extends RequestHandler {
        @Override
        protected void get() {
            write("token=" + getHeader("X-Token").orElse("absent")
                    + " session=" + getCookie("session").orElse("none")
                    + " other=" + getCookie("other").orElse("none"));
        }
    }

    @BeforeAll
    static void startServer() {
        server = TestServer.start(Application.builder()
                .route("/required", RequiredHandler.class)
                .route("/default", DefaultHandler.class)
                .route("/all", AllValuesHandler.class)
                .route("/sources", SourcesHandler.class)
                .route("/required-body", RequiredBodyHandler.class)
                .route("/required-query", RequiredQueryHandler.class)
                .route("/echo", EchoHandler.class)
                .route("/body", BodyHandler.class)
                .route("/header-cookie", HeaderCookieHandler.class)
                .build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void missingRequiredArgumentIs400NamingIt() {
        HttpResponse<String> response = server.get("/required");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("flavour"), response::body);
        assertEquals(
                "<html><title>400: Missing argument flavour</title><body>400: Missing argument flavour</body></html>",
                response.body());
    }

    @Test
    void requiredArgumentIsReadFromTheQuery() {
        assertEquals("flavour=mint", server.get("/required?flavour=mint").body());
    }

    @Test
    void requiredArgumentIsReadFromTheFormBody() {
        HttpResponse<String> response = server.post("/required", "flavour=lemon");
        assertEquals(200, response.statusCode());
        assertEquals("flavour=lemon", response.body());
    }

    @Test
    void argumentWithDefaultFallsBackWhenMissing() {
        assertEquals("flavour=vanilla", server.get("/default").body());
        assertEquals("flavour=mint", server.get("/default?flavour=mint").body());
        assertEquals("flavour=", server.get("/default?flavour=").body(), "an empty value is still a value");
    }

    @Test
    void getArgumentsReturnsQueryValuesThenBodyValues() {
        HttpResponse<String> response = server.post("/all?x=1&x=2", "x=3&x=4");
        assertEquals(200, response.statusCode());
        assertEquals("all=[1, 2, 3, 4] last=4", response.body());
    }

    @Test
    void queryAndBodyArgumentsAreKeptApart() {
        HttpResponse<String> response = server.post("/sources?q=fromQuery&q=again", "b=fromBody");
        assertEquals(200, response.statusCode());
        assertEquals(
                "query:q=again query:b=- body:q=- body:b=fromBody queryAll:q=[fromQuery, again] bodyAll:b=[fromBody]",
                response.body());
    }

    @Test
    void missingBodyArgumentIs400EvenWhenTheQueryHasIt() {
        HttpResponse<String> response = server.post("/required-body?b=inQuery", "other=1");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("Missing argument b"), response::body);
    }

    @Test
    void missingQueryArgumentIs400EvenWhenTheBodyHasIt() {
        HttpResponse<String> response = server.post("/required-query", "q=inBody");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("Missing argument q"), response::body);
    }

    @Test
    void formBodyPlusIsSpaceAndEscapesAreUtf8() {
        HttpResponse<String> response = server.post("/echo", "text=a+b%2Bc%26d&word=%C3%A9t%C3%A9");
        assertEquals(200, response.statusCode());
        assertEquals("[a b+c&d][été]", response.body());
    }

    @Test
    void queryPlusIsSpaceAndEscapesAreUtf8() {
        assertEquals(
                "[a b+c][été]",
                server.get("/echo?text=a+b%2Bc&word=%C3%A9t%C3%A9").body());
    }

    @Test
    void malformedPercentEncodingInTheQueryIs400() {
        String response = server.rawGet("/echo?text=%zz");
        assertEquals(400, TestServer.rawStatus(response), response);
        assertTrue(response.contains("400: Malformed percent-encoding in the query string"), response);
    }

    @Test
    void truncatedPercentEscapeInTheQueryIs400() {
        String response = server.rawGet("/echo?text=abc%4");
        assertEquals(400, TestServer.rawStatus(response), response);
        assertTrue(response.contains("400: Malformed percent-encoding in the query string"), response);
    }

    @Test
    void invalidUtf8InTheQueryIs400() {
        String response = server.rawGet("/echo?text=caf%E9");
        assertEquals(400, TestServer.rawStatus(response), response);
        assertTrue(response.contains("400: Invalid UTF-8 in the query string"), response);
    }

    @Test
    void malformedPercentEncodingInTheFormBodyIs400() {
        HttpResponse<String> response = server.post("/echo", "text=%zz");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("Malformed percent-encoding in the form body"), response::body);
    }

    @Test
    void getBodyReturnsTheRawBytes() throws IOException, InterruptedException {
        byte[] sent = new byte[256];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) i;
        }
        HttpResponse<byte[]> response = server.client()
                .send(
                        server.request("/body")
                                .header("Content-Type", "application/octet-stream")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(sent))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(sent, response.body());
        assertEquals(
                "none",
                response.headers().firstValue("X-Form-Value").orElse(null),
                "a body that is not a form has no body arguments");
    }

    @Test
    void getBodyStillReturnsAFormBodyAfterItsArgumentsWereRead() throws IOException, InterruptedException {
        String form = "a=1%202&b=%C3%A9";
        HttpResponse<String> response = server.client()
                .send(
                        server.request("/body")
                                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                                .POST(HttpRequest.BodyPublishers.ofString(form))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode());
        assertEquals("1 2", response.headers().firstValue("X-Form-Value").orElse(null));
        assertEquals(form, response.body());
    }

    @Test
    void headerAndCookieAreOptional() {
        assertEquals(
                "token=absent session=none other=none",
                server.get("/header-cookie").body());

        HttpResponse<String> response = server.send(server.request("/header-cookie")
                .header("X-Token", "t-123")
                .header("Cookie", "session=abc; other=xyz")
                .build());
        assertEquals("token=t-123 session=abc other=xyz", response.body());
    }
}
