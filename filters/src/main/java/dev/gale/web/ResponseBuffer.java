package dev.gale.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * The body being built, unsynchronized: a handler is used by one thread at a time. A body written in one chunk, the
 * common case, is kept as it is, without a copy.
 */
final class ResponseBuffer {
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int size;
    private boolean owned;

    /** Appends bytes that nobody else holds, keeping them without a copy when they are the first. */
    void adopt(byte[] chunk) {
        if (size == 0 && !owned) {
            bytes = chunk;
            size = chunk.length;
        } else {
            write(chunk);
        }
    }

    /** Appends a copy of {@code chunk}. */
    void write(byte[] chunk) {
        makeRoom(chunk.length);
        System.arraycopy(chunk, 0, bytes, size, chunk.length);
        size += chunk.length;
    }

    /** Appends one byte. */
    void put(int b) {
        makeRoom(1);
        bytes[size++] = (byte) b;
    }

    /** Makes the array one this buffer owns, with room for {@code more} bytes after what it holds. */
    private void makeRoom(int more) {
        if (!owned || size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(256, Math.max(bytes.length * 2, size + more)));
            owned = true;
        }
    }

    int size() {
        return size;
    }

    /** Drops what was appended after the first {@code length} bytes. */
    void truncate(int length) {
        size = Math.min(size, length);
    }

    void reset() {
        size = 0;
        if (!owned) {
            bytes = EMPTY;
        }
    }

    /** Replaces the content with its gzip encoding. */
    void gzip() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(size / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(bytes, 0, size);
        }
        bytes = compressed.toByteArray();
        size = bytes.length;
        owned = false;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }
}
