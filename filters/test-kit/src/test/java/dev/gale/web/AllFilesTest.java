package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gale.test.GaleTestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every file of a multipart body, as Tornado's {@code request.files}: field name to the files sent in it. */
class AllFilesTest {
    /** Lists each field's files as {@code field: name=content, ...}, and a plain field beside them. */
    public static final class GalleryHandler extends RequestHandler {
        @Override
        protected void post() throws IOException {
            StringBuilder out = new StringBuilder("title=" + getArgument("title") + "\n");
            for (Map.Entry<String, List<UploadedFile>> field : getFiles().entrySet()) {
                out.append(field.getKey()).append(':');
                for (UploadedFile file : field.getValue()) {
                    try (InputStream in = file.open()) {
                        out.append(' ')
                                .append(file.filename())
                                .append('=')
                                .append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                out.append('\n');
            }
            write(out.toString());
        }
    }

    @Test
    void aHandlerSeesEveryFileOfEveryField() {
        Application application =
                Application.builder().route("/gallery", GalleryHandler.class).build();
        String boundary = "gale-boundary-7";
        String body = part(boundary, "photos", "a.jpg", "first")
                + part(boundary, "title", null, "Holidays")
                + part(boundary, "doc", "notes.txt", "words")
                + part(boundary, "photos", "b.jpg", "second")
                + "--" + boundary + "--\r\n";
        try (GaleTestServer server = GaleTestServer.start(application)) {
            HttpResponse<String> response = server.client()
                    .send(server.client()
                            .request("/gallery")
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("title=Holidays\nphotos: a.jpg=first b.jpg=second\ndoc: notes.txt=words\n", response.body());
        }
    }

    private static String part(String boundary, String field, String filename, String content) {
        String disposition =
                "form-data; name=\"" + field + "\"" + (filename == null ? "" : "; filename=\"" + filename + "\"");
        return "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n"
                + (filename == null ? "" : "Content-Type: application/octet-stream\r\n") + "\r\n" + content + "\r\n";
    }
}
