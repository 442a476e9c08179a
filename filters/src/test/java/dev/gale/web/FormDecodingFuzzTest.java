package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@link PercentDecoder#parseForm}: a query string or form body parses or is a 400; and what parses, encoded again,
 * parses to the same names and values.
 */
class FormDecodingFuzzTest {
    @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
    void parseForm(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        Map<String, List<String>> form;
        try {
            form = PercentDecoder.parseForm(raw, "query string");
        } catch (HttpError e) {
            assertEquals(400, e.status(), e::getMessage);
            return;
        }
        StringJoiner again = new StringJoiner("&");
        form.forEach((name, values) -> values.forEach(value -> again.add(URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        assertEquals(form, PercentDecoder.parseForm(again.toString(), "query string"), () -> "re-encoded " + again);
    }
}
