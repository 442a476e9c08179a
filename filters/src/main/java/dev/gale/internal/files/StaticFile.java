package dev.gale.internal.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * One static file as served: its metadata, content hash, precompressed siblings, and, when small, its content and
 * gzipped content in memory. Immutable; a changed file gets a new instance.
 */
final class StaticFile {
    /** Hex digits of the SHA-256 kept in {@code ?v=} and the ETag: 64 bits, short URLs, no practical collision. */
    static final int HASH_LENGTH = 16;

    private final Path path;
    private final Object fileKey;
    private final long size;
    private final long lastModifiedMillis;
    private final String hash;
    private final String contentType;
    private final boolean compressible;
    private final byte[] content;
    private final Sibling brotli;
    private final Sibling gzip;
    private volatile byte[] gzipped;
    private volatile ByteBuffer direct;
    private volatile long checkedAt = System.nanoTime();

    private StaticFile(
            ConfinedRoot root,
            Path path,
            BasicFileAttributes attributes,
            String hash,
            String contentType,
            byte[] content)
            throws IOException {
        this.path = path;
        this.fileKey = attributes.fileKey();
        this.size = attributes.size();
        this.lastModifiedMillis = attributes.lastModifiedTime().toMillis();
        this.hash = hash;
        this.contentType = contentType;
        this.compressible = Compression.compressible(contentType);
        this.content = content;
        this.brotli = compressible ? sibling(root, path, ".br") : null;
        this.gzip = compressible ? sibling(root, path, ".gz") : null;
    }

    /**
     * Reads {@code path}, which {@code root} allows and found with {@code attributes}, once: hashes it and keeps its
     * bytes when {@code keepContent}. Its precompressed siblings count only where {@code root} allows them too.
     */
    static StaticFile read(
            ConfinedRoot root, Path path, BasicFileAttributes attributes, String contentType, boolean keepContent)
            throws IOException {
        long size = attributes.size();
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
        return new StaticFile(root, path, attributes, hash, contentType, kept == null ? null : kept.toByteArray());
    }

    /**
     * Whether the file on disk, and each precompressed sibling, is still the very file read (see
     * {@link ConfinedRoot#unchanged(Path, Object)}), with the file's size and modification time unchanged.
     */
    boolean isUnchanged() throws IOException {
        Optional<BasicFileAttributes> now = ConfinedRoot.unchanged(path, fileKey);
        return now.isPresent()
                && now.get().size() == size
                && now.get().lastModifiedTime().toMillis() == lastModifiedMillis
                && (brotli == null || brotli.isUnchanged())
                && (gzip == null || gzip.isUnchanged());
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
            buffer = ByteBuffer.allocateDirect(content.length)
                    .put(content)
                    .flip()
                    .asReadOnlyBuffer();
            direct = buffer;
        }
        return buffer;
    }

    /** The {@code .br} file beside this one, or null. */
    Path brotli() {
        return brotli == null ? null : brotli.path();
    }

    /** The {@code .gz} file beside this one, or null. */
    Path gzip() {
        return gzip == null ? null : gzip.path();
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

    private static Sibling sibling(ConfinedRoot root, Path path, String suffix) throws IOException {
        Path candidate = path.resolveSibling(path.getFileName() + suffix);
        return root.regularFile(candidate)
                .map(found -> new Sibling(candidate, found.fileKey()))
                .orElse(null);
    }

    /** A precompressed file beside this one, as the root's rule found it. */
    private record Sibling(Path path, Object fileKey) {
        boolean isUnchanged() throws IOException {
            return ConfinedRoot.unchanged(path, fileKey).isPresent();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
