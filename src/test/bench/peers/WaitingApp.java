import dev.gale.web.Application;
import dev.gale.web.ApplicationProvider;
import dev.gale.web.RequestHandler;

/**
 * The Gale side of the waiting benchmark, written as a user's own application: {@code GET /wait} blocks its thread
 * for 50 ms, as a JDBC query or an HTTP client call would, then answers. Run with launcher.jar:
 * {@code java -jar launcher.jar --classpath=CLASSES --application=WaitingApp}.
 */
public final class WaitingApp implements ApplicationProvider {
    static final long WAIT_MILLIS = 50;

    @Override
    public Application create() {
        return Application.builder().route("/wait", WaitHandler.class).build();
    }

    /** Waits the blocking way, holding whatever thread runs the request. */
    public static final class WaitHandler extends RequestHandler {
        @Override
        protected void get() throws InterruptedException {
            Thread.sleep(WAIT_MILLIS);
            write("waited");
        }
    }
}
