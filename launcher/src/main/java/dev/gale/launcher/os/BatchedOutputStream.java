package dev.gale.launcher.os;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An output stream that one writer thread sends on in batches. A request thread appends its access line to a buffer
 * and goes on; the writer waits {@value #BATCH_MILLIS} ms after the first line of a batch, then sends everything
 * appended meanwhile in one write, so a busy server makes a hundred system calls a second instead of one per request.
 * {@link #flush()} returns once everything appended before it is written, and the JVM's exit flushes too; only a
 * crash of the JVM itself can lose the last {@value #BATCH_MILLIS} ms. Past {@value #LIMIT} bytes waiting, writers
 * wait for the writer, so a stalled terminal slows the server instead of filling its memory.
 */
public final class BatchedOutputStream extends OutputStream {
    static final long BATCH_MILLIS = 10;
    static final int LIMIT = 1 << 20;

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Condition written = lock.newCondition();
    private byte[] pending = new byte[8192];
    private byte[] sending = new byte[8192];
    private int size;
    private long appendedBytes;
    private long writtenBytes;

    BatchedOutputStream(OutputStream out) {
        this.out = out;
        Thread writer = new Thread(this::writeBatches, "gale-log-writer");
        writer.setDaemon(true);
        writer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::flush, "gale-log-flush"));
    }

    /** Makes {@code System.err} a batched stream and returns it. */
    public static PrintStream batchStandardError() {
        PrintStream err = new PrintStream(
                new BatchedOutputStream(new FileOutputStream(FileDescriptor.err)), false, Charset.defaultCharset());
        System.setErr(err);
        return err;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        lock.lock();
        try {
            while (size > 0 && size + length > LIMIT) {
                written.awaitUninterruptibly();
            }
            if (size + length > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(size + length, pending.length * 2));
            }
            System.arraycopy(bytes, offset, pending, size, length);
            if (size == 0) {
                appended.signal();
            }
            size += length;
            appendedBytes += length;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until everything appended so far is written. */
    @Override
    public void flush() {
        lock.lock();
        try {
            long target = appendedBytes;
            appended.signal();
            while (writtenBytes < target) {
                if (!written.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void writeBatches() {
        while (true) {
            int length;
            lock.lock();
            try {
                while (size == 0) {
                    appended.awaitUninterruptibly();
                }
                if (size < LIMIT / 2) {
                    appended.awaitNanos(TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS));
                }
                byte[] full = pending;
                pending = sending;
                sending = full;
                length = size;
                size = 0;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                out.write(sending, 0, length);
                out.flush();
            } catch (IOException e) {
                // standard error is closed: what cannot be written is dropped, as System.err would
            }
            lock.lock();
            try {
                writtenBytes += length;
                written.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
