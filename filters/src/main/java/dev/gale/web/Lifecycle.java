package dev.gale.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application's own services and the hooks around its run. Services given as objects are there from the start;
 * those given as openers are opened when the application starts, with its final settings, in the order declared.
 * At stop the stop hooks run, then every service that is {@link AutoCloseable} is closed in the reverse order,
 * once.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger("gale.general");

    /** How a service is had: a given object, or an opener run at start. */
    record Declared(Class<?> type, Object given, Function<Settings, ?> opener) {}

    private final List<Declared> declared;
    private final List<Consumer<Application>> onStart;
    private final List<Consumer<Application>> onStop;
    private volatile Map<Class<?>, Object> running;
    private final AtomicBoolean stopped = new AtomicBoolean();

    Lifecycle(List<Declared> declared, List<Consumer<Application>> onStart, List<Consumer<Application>> onStop) {
        this.declared = List.copyOf(declared);
        this.onStart = List.copyOf(onStart);
        this.onStop = List.copyOf(onStop);
        Map<Class<?>, Object> given = new LinkedHashMap<>();
        for (Declared service : declared) {
            if (service.given() != null) {
                given.put(service.type(), service.given());
            }
        }
        this.running = Collections.unmodifiableMap(given);
    }

    /** The same declarations and hooks, nothing opened yet: for another run of the application. */
    Lifecycle fresh() {
        return new Lifecycle(declared, onStart, onStop);
    }

    <T> T service(Class<T> type) {
        Object service = running.get(type);
        if (service != null) {
            return type.cast(service);
        }
        boolean declaredType = declared.stream().anyMatch(d -> d.type() == type);
        throw new IllegalStateException(
                declaredType
                        ? "The service " + type.getName() + " is opened when the application starts"
                        : "No service " + type.getName()
                                + ": give it with Application.builder().service or openService");
    }

    /**
     * Opens the services that have openers, then runs the start hooks. A failure closes what was opened.
     *
     * @throws IllegalArgumentException naming the service or hook that failed
     */
    void start(Application application) {
        Map<Class<?>, Object> opened = new LinkedHashMap<>();
        for (Declared service : declared) {
            if (service.given() != null) {
                opened.put(service.type(), service.given());
                continue;
            }
            try {
                Object made = service.opener().apply(application.settings());
                if (!service.type().isInstance(made)) {
                    throw new IllegalArgumentException("its opener returned " + made);
                }
                opened.put(service.type(), made);
            } catch (RuntimeException e) {
                close(opened);
                throw new IllegalArgumentException("service " + service.type().getName() + ": " + e.getMessage(), e);
            }
        }
        running = Collections.unmodifiableMap(opened);
        try {
            onStart.forEach(hook -> hook.accept(application));
        } catch (RuntimeException e) {
            close(running);
            throw new IllegalArgumentException("start hook: " + e, e);
        }
    }

    /** Runs the stop hooks, then closes the services in the reverse order; once, however often it is called. */
    void stop(Application application) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        for (Consumer<Application> hook : onStop) {
            try {
                hook.accept(application);
            } catch (RuntimeException e) {
                LOG.warn("A stop hook failed: {}", e.toString());
            }
        }
        close(running);
    }

    private static void close(Map<Class<?>, Object> services) {
        List<Map.Entry<Class<?>, Object>> reversed = new ArrayList<>(services.entrySet());
        Collections.reverse(reversed);
        for (Map.Entry<Class<?>, Object> service : reversed) {
            if (service.getValue() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn(
                            "Closing the service {} failed: {}",
                            service.getKey().getName(),
                            e.toString());
                }
            }
        }
    }
}
