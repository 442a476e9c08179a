package dev.gale.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one path-safety rule: which raw request paths may name a file under a static root. */
class StaticPathTest {
    @ParameterizedTest(name = "refused: {0}")
    @ValueSource(
            strings = {
                "",
                "..",
                "../etc/passwd",
                "images/../../etc/passwd",
                "%2e%2e",
                "%2E%2E",
                "%2e%2e/etc/passwd",
                "%2E%2E%2F",
                "%2e%2e%2fetc%2fpasswd",
                ".%2e",
                "%2e.",
                "a/../b",
                "a/%2e%2e/b",
                "./a",
                "a/./b",
                "%2e/a",
                ".",
                ".hidden",
                "a/.hidden",
                "a/.git/config",
                ".git/HEAD",
                "%2ehtaccess",
                "%2f",
                "%2F",
                "a%2fb",
                "%2fetc%2fpasswd",
                "%5c",
                "%5C",
                "a%5c..%5cb",
                "a\\b",
                "..\\etc\\passwd",
                "%00",
                "a%00.png",
                "a\u0000b",
                "/etc/passwd",
                "/",
                "a//b",
                "//etc/passwd",
                "a/",
                "images/",
                "C:x",
                "C:/windows/win.ini",
                "c:%5cboot.ini",
                "file:///etc/passwd",
                "a;b",
                "..;/a",
                "a/..;/b",
                "%c0%ae%c0%ae/etc/passwd",
                "%c0%ae",
                "%e0%80%ae%e0%80%ae",
                "%ff",
                "%",
                "%2",
                "%zz",
                "%252e%252e/x%2f",
            })
    void hostileAndMalformedPathsAreRefused(String raw) {
        assertEquals(Optional.empty(), StaticPath.safeRelative(raw), raw);
    }

    @Test
    void anOverlongPathIsRefused() {
        String longest = "a/".repeat(511) + "bc";
        assertEquals(1024, longest.length());
        assertEquals(Optional.of(longest), StaticPath.safeRelative(longest));
        assertEquals(Optional.empty(), StaticPath.safeRelative(longest + "d"));
        assertEquals(Optional.empty(), StaticPath.safeRelative("x".repeat(100_000)));
    }

    static Stream<Arguments> goodPaths() {
        return Stream.of(
                Arguments.of("images/logo.png", "images/logo.png"),
                Arguments.of("robots.txt", "robots.txt"),
                Arguments.of("a%20b.txt", "a b.txt"),
                Arguments.of("a+b", "a+b"),
                Arguments.of("a%2Bb", "a+b"),
                Arguments.of("caf%C3%A9.css", "café.css"),
                Arguments.of("v1.2/app.min.js", "v1.2/app.min.js"),
                Arguments.of("a..b", "a..b"),
                Arguments.of("a.", "a."),
                Arguments.of("%252e%252e", "%2e%2e"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("goodPaths")
    void goodPathsAreDecoded(String raw, String decoded) {
        assertEquals(Optional.of(decoded), StaticPath.safeRelative(raw));
    }
}
