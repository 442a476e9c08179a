package dev.gale.internal.files;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;

/**
 * The container's own way to send a whole body from a buffer, where it has one: Jetty's
 * {@code HttpOutput.sendContent(ByteBuffer)} writes a direct buffer to the socket without copying it through the
 * heap. Looked up by name, so the framework jar needs no Jetty class; elsewhere the caller writes bytes as usual.
 */
final class FastContent {
    private static final ClassValue<MethodHandle> SEND_CONTENT = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup()
                        .findVirtual(type, "sendContent", MethodType.methodType(void.class, ByteBuffer.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                return null;
            }
        }
    };

    private FastContent() {}

    /**
     * Sends {@code content} whole through the container's fast path and completes the body.
     *
     * @return false when the container has none; nothing was written then
     */
    static boolean send(OutputStream out, ByteBuffer content) throws IOException {
        MethodHandle sendContent = SEND_CONTENT.get(out.getClass());
        if (sendContent == null) {
            return false;
        }
        try {
            sendContent.invoke(out, content.slice());
            return true;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }
}
