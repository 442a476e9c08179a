package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx-upload-module's forwarded form fields, as the guide's nginx setup sends them. */
class UploadModuleTest {
    @TempDir
    Path uploads;

    @TempDir
    Path elsewhere;

    /** Reports the file of field {@code file}: name, type, size and content. */
    public static final class Handler extends RequestHandler {
        @Override
        protected void post() throws IOException {
            UploadedFile file = getFiles("file").stream().findFirst().orElseThrow(() -> new HttpError(400, "no file"));
            try (InputStream in = file.open()) {
                write(file.filename() + "|" + file.contentType() + "|" + file.size() + "|"
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private TestServer serve(String directory) {
        return TestServer.start(Application.builder()
                .route("/upload", Handler.class)
                .setting(Settings.UPLOAD_MODULE_PATH, directory)
                .build());
    }

    private static String fields(Path path, String name) {
        return "file.name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&file.content_type=text%2Fplain"
                + "&file.path=" + URLEncoder.encode(path.toString(), StandardCharsets.UTF_8) + "&file.size=5";
    }

    @Test
    void aStoredFileInsideTheDirectoryIsTheUploadAndIsRemovedAfterwards() throws Exception {
        Path stored = Files.writeString(uploads.resolve("0000000001"), "hello");
        try (TestServer server = serve(uploads.toString())) {
            HttpResponse<String> response = server.post("/upload", fields(stored, "résumé.txt"));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("résumé.txt|text/plain|5|hello", response.body());
        }
        assertFalse(Files.exists(stored), "the stored file is deleted when the request ends");
    }

    @Test
    void aPathOutsideTheDirectoryIsNotAnUpload() throws Exception {
        Path secret = Files.writeString(elsewhere.resolve("secret.txt"), "do not read");
        try (TestServer server = serve(uploads.toString())) {
            for (String path : new String[] {
                secret.toString(),
                uploads + "/../" + elsewhere.getFileName() + "/secret.txt",
                uploads.toString(),
                "/etc/passwd"
            }) {
                HttpResponse<String> response = server.post(
                        "/upload", "file.name=x&file.path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
                assertEquals(400, response.statusCode(), path);
                assertFalse(response.body().contains("do not read"), response::body);
            }
        }
        assertTrue(Files.exists(secret), "a file outside the directory is never deleted");
    }

    @Test
    void withoutTheSettingTheFieldsAreNotAnUpload() throws Exception {
        Path stored = Files.writeString(uploads.resolve("0000000002"), "hello");
        try (TestServer server = serve("")) {
            HttpResponse<String> response = server.post("/upload", fields(stored, "a.txt"));
            assertEquals(400, response.statusCode(), response.body());
        }
        assertTrue(Files.exists(stored));
    }
}
