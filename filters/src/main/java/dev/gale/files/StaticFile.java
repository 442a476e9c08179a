package dev.gale.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * One static file as served: its metadata, content hash, precompressed siblings, and, when small, its content and
 * gzipped content in memory. Immutable; a changed file gets a new instance.
 */
final class StaticFile {
    /** Hex digits of the SHA-256 kept in {@code ?v=} and the ETag: 64 bits, short URLs, no practical collision. */
    static final int HASH_LENGTH = 16;

    private final Path path;
    private final long size;
    private final long lastModifiedMillis;
    private final String hash;
    private final String contentType;
    private final boolean compressible;
    private final byte[] content;
    private final Path brotli;
    private final Path gzip;
    private volatile byte[] gzipped;
    private volatile ByteBuffer direct;
    private volatile long checkedAt = System.nanoTime();

    private StaticFile(Path path, long size, long lastModifiedMillis, String hash, String contentType, byte[] content) {
        this.path = path;
        this.size = size;
        this.lastModifiedMillis = lastModifiedMillis;
        this.hash = hash;
        this.contentType = contentType;
        this.compressible = Compression.compressible(contentType);
        this.content = content;
        this.brotli = compressible ? sibling(path, ".br") : null;
        this.gzip = compressible ? sibling(path, ".gz") : null;
    }

    /** Reads {@code path} once: hashes it and keeps its bytes when {@code keepContent}. */
    static StaticFile read(Path path, long size, long lastModifiedMillis, String contentType, boolean keepContent)
            throws IOException {
        MessageDigest sha256 = sha256();
        ByteArrayOutputStream kept = keepContent ? new ByteArrayOutputStream((int) size) : null;
        byte[] buffer = new byte[(int) Math.min(65536, Math.max(size, 1))];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
                if (kept != null) {
                    kept.write(buffer, 0, n);
                }
            }
        }
        String hash = HexFormat.of().formatHex(sha256.digest()).substring(0, HASH_LENGTH);
        return new StaticFile(path, size, lastModifiedMillis, hash, contentType, kept == null ? null : kept.toByteArray());
    }

    boolean isCurrent(long size, long lastModifiedMillis) {
        return this.size == size && this.lastModifiedMillis == lastModifiedMillis;
    }

    /** Records that the file on disk was just found unchanged. */
    void checked() {
        checkedAt = System.nanoTime();
    }

    boolean checkedWithin(long nanos) {
        return System.nanoTime() - checkedAt < nanos;
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    long lastModifiedMillis() {
        return lastModifiedMillis;
    }

    String hash() {
        return hash;
    }

    String contentType() {
        return contentType;
    }

    boolean compressible() {
        return compressible;
    }

    /** The content when it is kept in memory, else null. */
    byte[] content() {
        return content;
    }

    /** The content in memory as a read-only direct buffer, made once, for a container's fast path; else null. */
    ByteBuffer directContent() {
        if (content == null) {
            return null;
        }
        ByteBuffer buffer = direct;
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(content.length).put(content).flip().asReadOnlyBuffer();
            direct = buffer;
        }
        return buffer;
    }

    /** The {@code .br} file beside this one, or null. */
    Path brotli() {
        return brotli;
    }

    /** The {@code .gz} file beside this one, or null. */
    Path gzip() {
        return gzip;
    }

    /** The content gzipped, computed once, when the content is in memory and shrinks; else null. */
    byte[] gzipped() {
        if (content == null) {
            return null;
        }
        byte[] result = gzipped;
        if (result == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            result = out.size() < content.length ? out.toByteArray() : new byte[0];
            gzipped = result;
        }
        return result.length == 0 ? null : result;
    }

    private static Path sibling(Path path, String suffix) {
        Path candidate = path.resolveSibling(path.getFileName() + suffix);
        return Files.isRegularFile(candidate) ? candidate : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
