package dev.gale.internal.files;

import dev.gale.internal.filters.ClientAbort;
import dev.gale.internal.filters.SlowClient;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes part of a file with Servlet non-blocking output: a chunk each time the client can take one, so a client
 * that reads slowly, or not at all, holds no thread. One that falls below {@link SlowClient}'s pace is cut.
 */
final class FileWriter implements WriteListener {
    private static final int CHUNK = 16 * 1024;

    private final AsyncContext async;
    private final HttpServletRequest request;
    private final ServletOutputStream out;
    private final FileChannel file;
    private final long end;
    private final SlowClient pace = new SlowClient();
    private long position;
    private long written;
    private boolean done;

    private FileWriter(
            AsyncContext async,
            HttpServletRequest request,
            ServletOutputStream out,
            FileChannel file,
            long offset,
            long length) {
        this.async = async;
        this.request = request;
        this.out = out;
        this.file = file;
        this.position = offset;
        this.end = offset + length;
    }

    /**
     * Starts writing {@code length} bytes of {@code path} from {@code offset} as the body of {@code response}.
     *
     * @return false when the request cannot go asynchronous; nothing was written then
     */
    static boolean start(HttpServletRequest request, HttpServletResponse response, Path path, long offset, long length)
            throws IOException {
        if (!request.isAsyncSupported() || request.isAsyncStarted()) {
            return false;
        }
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = response.getOutputStream();
        out.setWriteListener(new FileWriter(async, request, out, file, offset, length));
        return true;
    }

    @Override
    public void onWritePossible() throws IOException {
        byte[] chunk = null;
        while (!done && out.isReady()) {
            if (position >= end) {
                finish();
                return;
            }
            if (chunk == null) {
                chunk = new byte[CHUNK];
            }
            int n = file.read(ByteBuffer.wrap(chunk, 0, (int) Math.min(CHUNK, end - position)), position);
            if (n < 0) {
                throw new IOException("the file ended before the length sent");
            }
            position += n;
            written += n;
            out.write(chunk, 0, n);
        }
        if (!done && pace.tooSlow(written)) {
            pace.logCut(request, "read", written, null);
            request.setAttribute(ClientAbort.ATTRIBUTE, true);
            finish();
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!done) {
            pace.logCut(request, "read", written, failure);
            // Whether the client left or was cut, the access line must not claim the whole file was sent.
            request.setAttribute(ClientAbort.ATTRIBUTE, true);
            finish();
        }
    }

    private void finish() {
        done = true;
        try {
            file.close();
        } catch (IOException e) {
            // a file opened for reading has nothing to lose on close
        }
        async.complete();
    }
}
