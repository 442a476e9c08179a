package dev.gale.test;

import dev.gale.web.ApplicationProvider;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Starts and stops the server of a {@link GaleTest} class and hands its tests a server and clients. */
public final class GaleExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GaleExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == GaleTestServer.class || type == TestClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        GaleTestServer server = server(context);
        return parameter.getParameter().getType() == GaleTestServer.class ? server : server.client();
    }

    /** The class's server, started on first use and stopped with the class's store. */
    private static GaleTestServer server(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(
                        testClass, type -> new StoredServer(start(annotation(type))), StoredServer.class)
                .server;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static GaleTest annotation(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            GaleTest annotation = type.getAnnotation(GaleTest.class);
            if (annotation != null) {
                return annotation;
            }
        }
        throw new ExtensionConfigurationException(testClass.getName() + " is not annotated with @GaleTest");
    }

    private static GaleTestServer start(GaleTest annotation) {
        GaleTestServer.Builder builder = GaleTestServer.builder().contextPath(annotation.contextPath());
        if (annotation.application() != ApplicationProvider.class) {
            builder.application(create(annotation.application()).create());
        }
        for (String setting : annotation.settings()) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw new ExtensionConfigurationException("@GaleTest setting \"" + setting + "\" is not name=value");
            }
            builder.setting(
                    setting.substring(0, equals).strip(),
                    setting.substring(equals + 1).strip());
        }
        return builder.start();
    }

    private static ApplicationProvider create(Class<? extends ApplicationProvider> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ExtensionConfigurationException(type.getName() + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException(
                    type.getName() + " failed to create the application", e.getCause());
        }
    }

    /** Stops the server when JUnit closes the class's store, after its last test. */
    private record StoredServer(GaleTestServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
