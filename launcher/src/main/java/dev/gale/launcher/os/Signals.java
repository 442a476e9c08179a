package dev.gale.launcher.os;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * POSIX signal handlers (TERM, INT, HUP) through the JDK's {@code sun.misc.Signal}, reached by reflection because
 * the Java API has no other way to catch SIGHUP or to tell a first SIGINT from a second.
 */
public final class Signals {
    private Signals() {}

    /**
     * Runs {@code action} on its own thread each time the process receives {@code signal}.
     *
     * @return false when the JVM does not offer signal handling, or when the process was started with the signal
     *     ignored ({@code nohup} does that to SIGHUP, a shell's background job to SIGINT): the JVM then leaves it
     *     ignored and the action never runs
     */
    public static boolean on(String signal, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler invocation = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    Thread thread = new Thread(action, "gale-signal-" + signal);
                    // The JVM's signal threads are daemons; this one must keep the JVM up until its action is done,
                    // or the JVM exits when the server's threads stop, before the action's last line.
                    thread.setDaemon(false);
                    thread.start();
                    return null;
                }
                return method.getName().equals("hashCode")
                        ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : "gale-signal-handler";
            };
            Object handler =
                    Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
            Object instance = signalClass.getConstructor(String.class).newInstance(signal);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object previous = handle.invoke(null, instance, handler);
            return previous != handlerClass.getField("SIG_IGN").get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
