package dev.gale.demo;

import dev.gale.web.RequestHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code GET /long}: answers after two seconds, holding no thread meanwhile, with the serving process's pid. */
public final class LongHandler extends RequestHandler {
    @Override
    protected void get() {
        finishAfter(CompletableFuture.runAsync(
                () -> write(Long.toString(ProcessHandle.current().pid())),
                CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS)));
    }
}
