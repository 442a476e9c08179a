package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AsyncTest {
    /** The work each waiting handler hands the test to complete. */
    static final BlockingQueue<CompletableFuture<String>> PENDING = new LinkedBlockingQueue<>();

    /** Paths whose handlers ran {@link RequestHandler#onFinish()}. */
    static final BlockingQueue<String> FINISHED = new LinkedBlockingQueue<>();

    private static TestServer server;

    /** Writes the result of the work when it completes. */
    public static final class DerivedStageHandler extends RequestHandler {
        @Override
        protected void get() {
            CompletableFuture<String> work = new CompletableFuture<>();
            PENDING.add(work);
            write("result=");
            finishAfter(work.thenAccept(this::write));
        }

        @Override
        protected void onFinish() {
            FINISHED.add(path() + " " + getStatus());
        }
    }

    /** Hands the very future the test completes to finishAfter. */
    public static final class DirectStageHandler extends RequestHandler {
        @Override
        protected void get() {
            CompletableFuture<String> work = new CompletableFuture<>();
            PENDING.add(work);
            write("direct");
            finishAfter(work);
        }
    }

    public static final class FinishInCallbackHandler extends RequestHandler {
        @Override
        protected void get() {
            CompletableFuture<String> work = new CompletableFuture<>();
            PENDING.add(work);
            finishAfter(work.thenAccept(value -> {
                setStatus(202);
                finish("accepted " + value);
            }));
        }
    }

    public static final class AlreadyDoneHandler extends RequestHandler {
        @Override
        protected void get() {
            write("already done");
            finishAfter(CompletableFuture.completedFuture("ignored"));
        }
    }

    public static final class TwiceHandler extends RequestHandler {
        @Override
        protected void get() {
            finishAfter(new CompletableFuture<String>());
            finishAfter(CompletableFuture.completedFuture("second"));
        }
    }

    @BeforeAll
    static void startServer() {
        server = TestServer.start(Application.builder()
                .route("/derived", DerivedStageHandler.class)
                .route("/direct", DirectStageHandler.class)
                .route("/finish-in-callback", FinishInCallbackHandler.class)
                .route("/already-done", AlreadyDoneHandler.class)
                .route("/twice", TwiceHandler.class)
                .build());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void releaseWaitingHandlers() {
        CompletableFuture<String> work;
        while ((work = PENDING.poll()) != null) {
            work.cancel(false);
        }
        FINISHED.clear();
    }

    private static CompletableFuture<HttpResponse<String>> start(String path) {
        return server.client()
                .sendAsync(server.request(path).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The work the handler of the request in flight is waiting for. */
    private static CompletableFuture<String> awaitPendingWork() throws InterruptedException {
        CompletableFuture<String> work = PENDING.poll(30, TimeUnit.SECONDS);
        assertNotNull(work, "the handler never started its work");
        return work;
    }

    private static HttpResponse<String> await(CompletableFuture<HttpResponse<String>> response)
            throws InterruptedException, ExecutionException, TimeoutException {
        return response.get(30, TimeUnit.SECONDS);
    }

    @Test
    void responseIsSentWhenTheWorkCompletes() throws Exception {
        CompletableFuture<HttpResponse<String>> response = start("/derived");
        CompletableFuture<String> work = awaitPendingWork();
        assertFalse(response.isDone(), "the response waits for the work");

        work.complete("42");

        HttpResponse<String> done = await(response);
        assertEquals(200, done.statusCode());
        assertEquals("result=42", done.body());
        assertEquals(
                String.valueOf("result=42".length()),
                done.headers().firstValue("Content-Length").orElse(null));
    }

    @Test
    void onFinishRunsAfterTheWorkCompletes() throws Exception {
        CompletableFuture<HttpResponse<String>> response = start("/derived");
        CompletableFuture<String> work = awaitPendingWork();
        assertNull(FINISHED.poll(), "onFinish waits for the work");

        work.complete("x");

        assertEquals(200, await(response).statusCode());
        assertEquals("/derived 200", FINISHED.poll(30, TimeUnit.SECONDS));
    }

    @Test
    void handlerMayFinishInsideTheCallback() throws Exception {
        CompletableFuture<HttpResponse<String>> response = start("/finish-in-callback");
        CompletableFuture<String> work = awaitPendingWork();
        assertFalse(response.isDone(), "the response waits for the work");

        work.complete("later");

        HttpResponse<String> done = await(response);
        assertEquals(202, done.statusCode());
        assertEquals("accepted later", done.body());
    }

    @Test
    void failedWorkIs500WithoutDetails() throws Exception {
        CompletableFuture<HttpResponse<String>> response = start("/derived");
        awaitPendingWork().completeExceptionally(new IllegalStateException("backend secret"));

        HttpResponse<String> done = await(response);
        assertEquals(500, done.statusCode());
        assertTrue(
                done.body()
                        .matches("<html><title>500: Internal Server Error</title><body>500: Internal Server "
                                + "Error<p>Request id: [0-9a-f]{12}</p></body></html>"),
                done::body);
    }

    @Test
    void workFailingWithHttpErrorSendsItsStatus() throws Exception {
        CompletableFuture<HttpResponse<String>> response = start("/derived");
        awaitPendingWork().completeExceptionally(new HttpError(404, "No such <thing>"));

        HttpResponse<String> done = await(response);
        assertEquals(404, done.statusCode());
        assertEquals(
                "<html><title>404: No such &lt;thing&gt;</title><body>404: No such &lt;thing&gt;</body></html>",
                done.body());
        assertFalse(done.body().contains("result="), done::body);
    }

    @Test
    void directlyFailedStageWithHttpErrorSendsItsStatus() throws Exception {
        CompletableFuture<HttpResponse<String>> response = start("/direct");
        awaitPendingWork().completeExceptionally(new HttpError(429));

        HttpResponse<String> done = await(response);
        assertEquals(429, done.statusCode());
        assertEquals(
                "<html><title>429: Too Many Requests</title><body>429: Too Many Requests</body></html>", done.body());
    }

    @Test
    void directlyCompletedStageSendsWhatWasWritten() throws Exception {
        CompletableFuture<HttpResponse<String>> response = start("/direct");
        CompletableFuture<String> work = awaitPendingWork();
        assertFalse(response.isDone(), "the response waits for the work");
        work.complete("unused");

        HttpResponse<String> done = await(response);
        assertEquals(200, done.statusCode());
        assertEquals("direct", done.body());
    }

    @Test
    void alreadyCompletedWorkFinishesAtOnce() {
        HttpResponse<String> response = server.get("/already-done");
        assertEquals(200, response.statusCode());
        assertEquals("already done", response.body());
    }

    @Test
    void callingFinishAfterTwiceIs500() {
        HttpResponse<String> response = server.get("/twice");
        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("500: Internal Server Error"), response::body);
    }
}
