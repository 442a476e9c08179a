package dev.gale.internal.filters;

import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** One part of a buffered multipart body: its headers, and its content as a slice of the body. */
final class BufferedPart implements Part {
    private final Map<String, String> headers;
    private final String name;
    private final String filename;
    private final BufferedBody body;
    private final long offset;
    private final long size;

    private BufferedPart(
            Map<String, String> headers, String name, String filename, BufferedBody body, long offset, long size) {
        this.headers = headers;
        this.name = name;
        this.filename = filename;
        this.body = body;
        this.offset = offset;
        this.size = size;
    }

    static BufferedPart of(Map<String, String> headers, BufferedBody body, long offset, long size) {
        Map<String, String> disposition = HeaderParameters.of(headers.getOrDefault("content-disposition", ""));
        return new BufferedPart(
                headers, disposition.getOrDefault("name", ""), disposition.get("filename"), body, offset, size);
    }

    @Override
    public InputStream getInputStream() {
        return body.open(offset, size);
    }

    @Override
    public String getContentType() {
        return headers.get("content-type");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getSubmittedFileName() {
        return filename;
    }

    @Override
    public long getSize() {
        return size;
    }

    @Override
    public void write(String filename) throws IOException {
        try (InputStream in = getInputStream()) {
            Files.copy(in, Path.of(filename), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Nothing to do: the part lives in the body, which is deleted when the request ends. */
    @Override
    public void delete() {}

    @Override
    public String getHeader(String header) {
        return headers.get(header.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public Collection<String> getHeaders(String header) {
        String value = getHeader(header);
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.keySet();
    }
}
