package dev.gale.launcher.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchedOutputStreamTest {
    /** The target the writer thread writes to, read from the test's thread. */
    private final ByteArrayOutputStream target = new ByteArrayOutputStream();

    private String written() {
        synchronized (target) {
            return target.toString(StandardCharsets.UTF_8);
        }
    }

    private BatchedOutputStream batched() {
        return new BatchedOutputStream(new OutputStream() {
            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (target) {
                    target.write(bytes, offset, length);
                }
            }

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }
        });
    }

    @Test
    void linesFromManyThreadsArriveWholeAndFlushWaitsForThem() throws Exception {
        BatchedOutputStream out = batched();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    byte[] line = ("thread " + thread + " line " + i + "\n").getBytes(StandardCharsets.UTF_8);
                    out.write(line, 0, line.length);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        out.flush();

        List<String> lines = Arrays.asList(written().split("\n"));
        assertEquals(8000, lines.size());
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 2000; i += 499) {
                assertTrue(lines.contains("thread " + t + " line " + i), "thread " + t + " line " + i);
            }
        }
    }

    @Test
    void aLineIsWrittenSoonWithoutAFlush() throws Exception {
        BatchedOutputStream out = batched();
        out.write("one line\n".getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (written().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals("one line\n", written());
    }

    @Test
    void moreThanTheLimitAtOnceIsWrittenWhole() throws Exception {
        BatchedOutputStream out = batched();
        byte[] big = new byte[BatchedOutputStream.LIMIT + 10];
        Arrays.fill(big, (byte) 'x');
        out.write(big);
        out.write("\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals(big.length + 1, written().length());
    }
}
