package dev.gale.web;

import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file sent with the request: a part of a {@code multipart/form-data} body, which Gale reads ahead into a temporary
 * file as it arrives (only a small body stays in memory), or a file nginx-upload-module already stored and
 * described in form fields. Either way its temporary file is deleted when the request ends.
 */
public final class UploadedFile {
    private final String field;
    private final String filename;
    private final String contentType;
    private final long size;
    private final Part part;
    private final Path stored;

    private UploadedFile(String field, String filename, String contentType, long size, Part part, Path stored) {
        this.field = field;
        this.filename = filename;
        this.contentType = contentType;
        this.size = size;
        this.part = part;
        this.stored = stored;
    }

    static UploadedFile of(Part part) {
        String name = part.getSubmittedFileName();
        String type = part.getContentType();
        return new UploadedFile(
                part.getName(),
                name == null ? "" : name,
                type == null ? "application/octet-stream" : type,
                part.getSize(),
                part,
                null);
    }

    /** A file nginx-upload-module stored at {@code path}, as its form fields describe it. */
    static UploadedFile stored(String field, String filename, String contentType, Path path) throws IOException {
        return new UploadedFile(
                field,
                filename,
                contentType.isEmpty() ? "application/octet-stream" : contentType,
                Files.size(path),
                null,
                path);
    }

    /** The form field that carried it. */
    public String field() {
        return field;
    }

    /** The file name the client gave, or empty. */
    public String filename() {
        return filename;
    }

    /** The file's {@code Content-Type}, or {@code application/octet-stream}. */
    public String contentType() {
        return contentType;
    }

    public long size() {
        return size;
    }

    /** The content, read from the temporary file. */
    public InputStream open() throws IOException {
        return part != null ? part.getInputStream() : Files.newInputStream(stored);
    }

    void delete() {
        try {
            if (part != null) {
                part.delete();
            } else {
                Files.deleteIfExists(stored);
            }
        } catch (IOException e) {
            // the container removes its temporary files at the end of the request anyway
        }
    }
}
