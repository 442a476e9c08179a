package dev.gale.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** The body being built, unsynchronized: a handler is used by one thread at a time. */
final class ResponseBuffer {
    private byte[] bytes = new byte[256];
    private int size;

    void write(byte[] chunk) {
        if (size + chunk.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + chunk.length));
        }
        System.arraycopy(chunk, 0, bytes, size, chunk.length);
        size += chunk.length;
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }
}
