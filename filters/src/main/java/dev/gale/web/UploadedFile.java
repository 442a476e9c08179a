package dev.gale.web;

import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;

/**
 * A file of a {@code multipart/form-data} body. The container streams it to a temporary file as it arrives (only a
 * small one stays in memory), and the temporary file is deleted when the request ends.
 */
public final class UploadedFile {
    private final Part part;

    UploadedFile(Part part) {
        this.part = part;
    }

    /** The form field that carried it. */
    public String field() {
        return part.getName();
    }

    /** The file name the client gave, or empty. */
    public String filename() {
        String name = part.getSubmittedFileName();
        return name == null ? "" : name;
    }

    /** The part's {@code Content-Type}, or {@code application/octet-stream}. */
    public String contentType() {
        String type = part.getContentType();
        return type == null ? "application/octet-stream" : type;
    }

    public long size() {
        return part.getSize();
    }

    /** The content, read from the temporary file. */
    public InputStream open() throws IOException {
        return part.getInputStream();
    }

    void delete() {
        try {
            part.delete();
        } catch (IOException e) {
            // the container removes its temporary files at the end of the request anyway
        }
    }
}
