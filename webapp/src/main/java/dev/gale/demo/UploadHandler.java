package dev.gale.demo;

import dev.gale.web.HttpError;
import dev.gale.web.RequestHandler;
import dev.gale.web.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /upload}: the file in field {@code file}, read from its temporary file: name, type, size, MD5. */
public final class UploadHandler extends RequestHandler {
    @Override
    protected void post() throws IOException, NoSuchAlgorithmException {
        UploadedFile file = getFiles("file").stream()
                .findFirst()
                .orElseThrow(() -> new HttpError(400, "Missing file in field file"));
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] buffer = new byte[65536];
        try (InputStream in = file.open()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md5.update(buffer, 0, n);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", file.filename());
        result.put("content_type", file.contentType());
        result.put("size", file.size());
        result.put("md5", HexFormat.of().formatHex(md5.digest()));
        write(result);
    }
}
