package dev.gale.web;

import dev.gale.internal.filters.BodyTooLargeException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request sends: its query string and form body as arguments, its raw body, and its uploaded files (from a
 * multipart body, or stored by nginx-upload-module). Each is read once, when first asked for. The body of a request
 * whose handler streams it is the handler's alone: it has no form fields or files here.
 */
final class RequestInput {
    private static final Logger LOG = LoggerFactory.getLogger("gale.application");

    private final HttpServletRequest request;
    private final String uploadModulePath;
    private final boolean streamed;
    private Map<String, List<String>> queryArguments;
    private Map<String, List<String>> bodyArguments;
    private byte[] rawBody;
    private List<UploadedFile> uploads;

    RequestInput(HttpServletRequest request, String uploadModulePath, boolean streamed) {
        this.request = request;
        this.uploadModulePath = uploadModulePath;
        this.streamed = streamed;
    }

    /** The request body as sent; read once and kept. */
    byte[] body() {
        if (streamed) {
            throw new IllegalStateException("A @StreamRequestBody handler receives its body in dataReceived");
        }
        if (rawBody == null) {
            try {
                rawBody = request.getInputStream().readAllBytes();
            } catch (BodyTooLargeException e) {
                throw new HttpError(413);
            } catch (IOException e) {
                throw new HttpError(400, "The request body could not be read");
            }
        }
        return rawBody;
    }

    /** The files sent in field {@code name}. */
    List<UploadedFile> files(String name) {
        List<UploadedFile> named = new ArrayList<>();
        for (UploadedFile file : uploads()) {
            if (file.field().equals(name)) {
                named.add(file);
            }
        }
        if (named.isEmpty()) {
            storedByUploadModule(name).ifPresent(named::add);
        }
        return named;
    }

    /** The files of a multipart body by field name, fields in the order they came. */
    Map<String, List<UploadedFile>> allFiles() {
        Map<String, List<UploadedFile>> byField = new LinkedHashMap<>();
        for (UploadedFile file : uploads()) {
            byField.computeIfAbsent(file.field(), k -> new ArrayList<>()).add(file);
        }
        byField.replaceAll((field, files) -> List.copyOf(files));
        return Collections.unmodifiableMap(byField);
    }

    /** Deletes the temporary files of the uploads read. */
    void deleteUploads() {
        if (uploads != null) {
            uploads.forEach(UploadedFile::delete);
        }
    }

    /** The last of {@code values}, or {@code defaultValue} when there is none. */
    static String last(List<String> values, String defaultValue) {
        return values.isEmpty() ? defaultValue : values.get(values.size() - 1);
    }

    /** The last of {@code values}; a 400 naming argument {@code name} when there is none. */
    static String required(String name, List<String> values) {
        if (values.isEmpty()) {
            throw new HttpError(400, "Missing argument " + name);
        }
        return last(values, null);
    }

    Optional<String> cookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return Optional.of(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }

    List<String> arguments(String name) {
        List<String> fromQuery = queryArguments().getOrDefault(name, List.of());
        List<String> fromBody = bodyArguments().getOrDefault(name, List.of());
        if (fromBody.isEmpty()) {
            return fromQuery;
        }
        if (fromQuery.isEmpty()) {
            return fromBody;
        }
        List<String> all = new ArrayList<>(fromQuery);
        all.addAll(fromBody);
        return List.copyOf(all);
    }

    Map<String, List<String>> queryArguments() {
        if (queryArguments == null) {
            queryArguments = PercentDecoder.parseForm(request.getQueryString(), "query string");
        }
        return queryArguments;
    }

    Map<String, List<String>> bodyArguments() {
        if (bodyArguments == null) {
            String contentType = contentType();
            boolean form = contentType != null
                    && contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
            if (streamed) {
                bodyArguments = Map.of();
            } else if (form) {
                bodyArguments = PercentDecoder.parseForm(new String(body(), StandardCharsets.UTF_8), "form body");
            } else if (isMultipart()) {
                uploads();
            } else {
                bodyArguments = Map.of();
            }
        }
        return bodyArguments;
    }

    private boolean isMultipart() {
        String contentType = contentType();
        return contentType != null && contentType.regionMatches(true, 0, "multipart/form-data", 0, 19);
    }

    /**
     * The Content-Type as sent. A charset Java does not know is the client's error, a 400, before a container
     * (Jetty parses it in {@code getContentType()}) fails on it with an exception of its own.
     */
    private String contentType() {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(equals + 1).strip().replace("\"", "");
                if (!isKnownCharset(charset)) {
                    throw new HttpError(400, "Unsupported charset in Content-Type");
                }
            }
        }
        return contentType;
    }

    private static boolean isKnownCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads a multipart body once: its files, and its plain fields as body arguments. */
    List<UploadedFile> uploads() {
        if (uploads != null) {
            return uploads;
        }
        uploads = new ArrayList<>();
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (isMultipart() && !streamed) {
            try {
                for (Part part : request.getParts()) {
                    if (part.getSubmittedFileName() != null) {
                        uploads.add(UploadedFile.of(part));
                    } else {
                        try (var in = part.getInputStream()) {
                            fields.computeIfAbsent(part.getName(), k -> new ArrayList<>())
                                    .add(new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8));
                        }
                        part.delete();
                    }
                }
            } catch (IllegalStateException | IOException | ServletException e) {
                LOG.debug("Cannot read the multipart body of {} {}", request.getMethod(), request.getRequestURI(), e);
                throw tooLarge(e) ? new HttpError(413) : new HttpError(400, "The multipart body could not be read");
            }
        }
        if (isMultipart() && !streamed) {
            bodyArguments = Collections.unmodifiableMap(fields);
        }
        return uploads;
    }

    /**
     * Whether a container's multipart failure means the body passed {@code max_body_size}: containers report it in
     * their own exception types, so the cause chain is searched for what each says.
     */
    private static boolean tooLarge(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            String text = (e.getClass().getSimpleName() + " " + e.getMessage()).toLowerCase(Locale.ROOT);
            if (e instanceof BodyTooLargeException
                    || text.contains("sizelimit")
                    || text.contains("exceeds")
                    || text.contains("too large")
                    || text.contains("max request size")
                    || text.contains("max length exceeded")) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    /**
     * With {@code upload_module_path}, the file nginx-upload-module stored for field {@code name} and described in
     * the fields {@code NAME.path}, {@code NAME.name} and {@code NAME.content_type}: only a regular file inside that
     * directory, so a client cannot name any other file.
     */
    Optional<UploadedFile> storedByUploadModule(String name) {
        String path = last(bodyArguments().get(name + ".path"));
        if (uploadModulePath.isEmpty() || path.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path root = Path.of(uploadModulePath).toRealPath();
            Path file = Path.of(path).toRealPath();
            if (!file.startsWith(root) || file.equals(root) || !Files.isRegularFile(file)) {
                LOG.warn("Ignoring {}.path {}: not a file in upload_module_path", name, path);
                return Optional.empty();
            }
            UploadedFile stored = UploadedFile.stored(
                    name,
                    last(bodyArguments().get(name + ".name")),
                    last(bodyArguments().get(name + ".content_type")),
                    file);
            uploads.add(stored);
            return Optional.of(stored);
        } catch (IOException | InvalidPathException e) {
            LOG.warn("Ignoring {}.path {}: {}", name, path, e.toString());
            return Optional.empty();
        }
    }

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? "" : values.get(values.size() - 1);
    }
}
