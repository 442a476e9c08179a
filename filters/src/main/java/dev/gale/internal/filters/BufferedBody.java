package dev.gale.internal.filters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A request body read ahead of its handler: in memory up to {@value #MEMORY_LIMIT} bytes, past that in a temporary
 * file, so an upload is never held whole in the heap. Deleted when the request ends.
 */
final class BufferedBody {
    static final int MEMORY_LIMIT = 64 * 1024;
    private static final int INITIAL_SIZE = 2048;

    private final Path directory;
    private byte[] memory;
    private int memorySize;
    private Path file;
    private FileChannel channel;
    private long size;

    BufferedBody(Path directory, long announced) {
        this.directory = directory;
        // Small at first: thousands of clients may each announce a large body and then send it slowly.
        this.memory = new byte[(int) Math.min(INITIAL_SIZE, announced > 0 ? announced : INITIAL_SIZE)];
    }

    long size() {
        return size;
    }

    void append(byte[] bytes, int length) throws IOException {
        if (channel == null && memorySize + length > MEMORY_LIMIT) {
            spool();
        }
        if (channel != null) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } else {
            if (memorySize + length > memory.length) {
                memory =
                        Arrays.copyOf(memory, Math.min(MEMORY_LIMIT, Math.max(memory.length * 2, memorySize + length)));
            }
            System.arraycopy(bytes, 0, memory, memorySize, length);
            memorySize += length;
        }
        size += length;
    }

    private void spool() throws IOException {
        file = Files.createTempFile(directory, "gale-body-", ".tmp");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.wrap(memory, 0, memorySize));
        memory = null;
    }

    /** The body from its first byte. */
    InputStream open() {
        return open(0, size);
    }

    /** {@code length} bytes of the body from {@code offset}. */
    InputStream open(long offset, long length) {
        if (channel == null) {
            return new ByteArrayInputStream(memory, (int) offset, (int) length);
        }
        try {
            FileChannel reader = FileChannel.open(file, StandardOpenOption.READ);
            reader.position(offset);
            return new BoundedStream(Channels.newInputStream(reader), length);
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    /** Copies up to {@code length} bytes from {@code position} into {@code target}; the count copied. */
    int read(long position, byte[] target, int length) throws IOException {
        int wanted = (int) Math.min(length, size - position);
        if (wanted <= 0) {
            return 0;
        }
        if (channel == null) {
            System.arraycopy(memory, (int) position, target, 0, wanted);
            return wanted;
        }
        int done = 0;
        while (done < wanted) {
            int n = channel.read(ByteBuffer.wrap(target, done, wanted - done), position + done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Frees the memory and deletes the temporary file. */
    void delete() {
        memory = null;
        if (channel != null) {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /** A stream that ends after {@code length} bytes and closes the file under it. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
