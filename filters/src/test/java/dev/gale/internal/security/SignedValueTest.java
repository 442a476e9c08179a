package dev.gale.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignedValueTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-unit-test";
    private static final String OTHER_SECRET = "fedcba9876543210fedcba9876543210-unit-test";
    private static final long NOW = 1_700_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    private static SignedValue signer(String secret, Clock clock) {
        return new SignedValue(Map.of(0, secret), 0, clock);
    }

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    /** HMAC-SHA256 in lowercase hex, computed here rather than by the code under test. */
    private static String hmacHex(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void roundTrip() {
        SignedValue signer = signer(SECRET, CLOCK);
        String signed = signer.create("user", "alice");
        assertEquals(Optional.of("alice"), signer.decode("user", signed, 31));
    }

    @Test
    void roundTripOfTextThatIsNotAscii() {
        SignedValue signer = signer(SECRET, CLOCK);
        for (String value : List.of("", "résumé 名字", "<b>x</b>|2:|", "emoji \uD83D\uDE00")) {
            assertEquals(Optional.of(value), signer.decode("user", signer.create("user", value), 31), value);
        }
    }

    @Test
    void roundTripUnderANameThatIsNotAscii() {
        SignedValue signer = signer(SECRET, CLOCK);
        String signed = signer.create("名前", "alice");
        assertTrue(signed.contains("|6:名前|"), signed);
        assertEquals(Optional.of("alice"), signer.decode("名前", signed, 31));
    }

    @Test
    void formatIsTornadosVersionTwoByteForByte() throws Exception {
        String signed = signer(SECRET, CLOCK).create("user", "alice");
        String toSign = "2|1:0|10:" + NOW + "|4:user|8:"
                + Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8)) + "|";
        assertEquals("2|1:0|10:1700000000|4:user|8:YWxpY2U=|", toSign);
        assertEquals(toSign + hmacHex(SECRET, toSign), signed);
    }

    @Test
    void tornadoSignedValueIsRead() throws Exception {
        // As tornado.web.create_signed_value(SECRET, "user", "bob") builds it at NOW.
        String toSign = "2|1:0|10:1700000000|4:user|4:Ym9i|";
        String fromTornado = toSign + hmacHex(SECRET, toSign);
        assertEquals(Optional.of("bob"), signer(SECRET, CLOCK).decode("user", fromTornado, 31));
    }

    @Test
    void tamperedValueIsEmpty() {
        SignedValue signer = signer(SECRET, CLOCK);
        String signed = signer.create("user", "alice");
        String otherValue = signed.replace("8:YWxpY2U=", "8:bWFsbG9y");
        assertNotEquals(signed, otherValue);
        assertEquals(Optional.empty(), signer.decode("user", otherValue, 31));
        char last = signed.charAt(signed.length() - 1);
        String otherSignature = signed.substring(0, signed.length() - 1) + (last == '0' ? '1' : '0');
        assertEquals(Optional.empty(), signer.decode("user", otherSignature, 31));
        String upperCase = signed.substring(0, signed.lastIndexOf('|') + 1)
                + signed.substring(signed.lastIndexOf('|') + 1).toUpperCase(java.util.Locale.ROOT);
        assertEquals(Optional.empty(), signer.decode("user", upperCase, 31));
        String laterTimestamp = signed.replace("10:" + NOW, "10:" + (NOW + 1));
        assertEquals(Optional.empty(), signer.decode("user", laterTimestamp, 31));
    }

    @Test
    void truncatedValueIsEmpty() {
        SignedValue signer = signer(SECRET, CLOCK);
        String signed = signer.create("user", "alice");
        for (int length = 0; length < signed.length(); length++) {
            String cut = signed.substring(0, length);
            assertEquals(Optional.empty(), signer.decode("user", cut, 31), cut);
        }
    }

    @Test
    void otherNameIsEmpty() {
        SignedValue signer = signer(SECRET, CLOCK);
        String signed = signer.create("user", "alice");
        assertEquals(Optional.empty(), signer.decode("admin", signed, 31));
        assertEquals(Optional.empty(), signer.decode("User", signed, 31));
        assertEquals(Optional.empty(), signer.decode("use", signed, 31));
    }

    @Test
    void expiredValueIsEmpty() {
        String signed = signer(SECRET, CLOCK).create("user", "alice");
        long day = 86_400;
        assertEquals(Optional.of("alice"), signer(SECRET, at(NOW + 31 * day)).decode("user", signed, 31));
        assertEquals(Optional.empty(), signer(SECRET, at(NOW + 31 * day + 1)).decode("user", signed, 31));
        assertEquals(Optional.empty(), signer(SECRET, at(NOW + 2 * day)).decode("user", signed, 1));
        assertEquals(Optional.of("alice"), signer(SECRET, at(NOW + 2 * day)).decode("user", signed, 2.5));
    }

    @Test
    void foreignSecretIsEmpty() {
        String signed = signer(OTHER_SECRET, CLOCK).create("user", "alice");
        assertEquals(Optional.empty(), signer(SECRET, CLOCK).decode("user", signed, 31));
    }

    @Test
    void oversizedValueIsEmptyEvenWhenSigned() throws Exception {
        SignedValue signer = signer(SECRET, CLOCK);
        String fits = signer.create("user", "a".repeat(2900));
        assertTrue(fits.length() <= 4096, () -> "length " + fits.length());
        assertEquals(Optional.of("a".repeat(2900)), signer.decode("user", fits, 31));
        String big = signer.create("user", "a".repeat(4000));
        assertTrue(big.length() > 4096);
        assertEquals(Optional.empty(), signer.decode("user", big, 31));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2",
                "2|",
                "2|x:",
                "2|1:",
                "2|1:0",
                "2|1:0|",
                "2|:0|",
                "2|-1:0|",
                "2|1:0|-5:12345|4:user|8:YWxpY2U=|ab",
                "2|1:0|10:1700000000|-4:user|8:YWxpY2U=|ab",
                "2|1:0|10:1700000000|4:user|8:YWxpY2U=",
                "2|1:0|10:1700000000|4:user|8:YWxpY2U=|",
                "2|1:0|10:1700000000|4:user|99999:YWxpY2U=|ab",
                "2|1:0|10:1700000000|4:user|2147483647:x|ab",
                "2|1:0|10:1700000000|4:user|9999999999999:x|ab",
                "2|1:0|10:1700000000|4:user|-2147483648:x|ab",
                "2|1:x|10:1700000000|4:user|8:YWxpY2U=|ab",
                "2|1:0|10:17000000xx|4:user|8:YWxpY2U=|ab",
                "2|1:0|0:|4:user|8:YWxpY2U=|ab",
                "2|||||",
                "2|:|:|:|:|",
                "1|1:0|10:1700000000|4:user|8:YWxpY2U=|ab",
                "3|1:0|10:1700000000|4:user|8:YWxpY2U=|ab",
                "YWxpY2U=|1700000000|abcdef",
                "\u0000\u0000",
                "2|1:0|10:1700000000|4:user|8:YWxpY2U=|名前",
                "2|1:\u00e9|10:1700000000|4:user|8:YWxpY2U=|ab"
            })
    void garbageIsEmptyWithoutException(String garbage) {
        assertEquals(Optional.empty(), signer(SECRET, CLOCK).decode("user", garbage, 31));
    }

    @Test
    void nullIsEmpty() {
        assertEquals(Optional.empty(), signer(SECRET, CLOCK).decode("user", null, 31));
    }

    @Test
    void validlySignedFieldsThatAreNotNumbersOrBase64AreEmpty() throws Exception {
        for (String toSign : List.of(
                "2|1:0|3:abc|4:user|8:YWxpY2U=|",
                "2|1:x|10:1700000000|4:user|8:YWxpY2U=|",
                "2|1:0|10:1700000000|4:user|3:!!!|",
                "2|1:0|10:1700000000|4:user|4:/w==|")) {
            String signed = toSign + hmacHex(SECRET, toSign);
            assertEquals(Optional.empty(), signer(SECRET, CLOCK).decode("user", signed, 31), toSign);
        }
    }

    @Test
    void rotationSignsWithTheCurrentVersionAndReadsEveryKnownVersion() throws Exception {
        SignedValue old = new SignedValue(Map.of(1, SECRET), 1, CLOCK);
        SignedValue rotated = new SignedValue(Map.of(1, SECRET, 2, OTHER_SECRET), 2, CLOCK);
        String fresh = rotated.create("user", "alice");
        String toSign = "2|1:2|10:1700000000|4:user|8:YWxpY2U=|";
        assertEquals(toSign + hmacHex(OTHER_SECRET, toSign), fresh);
        assertEquals(Optional.of("alice"), rotated.decode("user", fresh, 31));

        String fromBefore = old.create("user", "bob");
        assertTrue(fromBefore.startsWith("2|1:1|"), fromBefore);
        assertEquals(Optional.of("bob"), rotated.decode("user", fromBefore, 31));
        assertEquals(Optional.empty(), old.decode("user", fresh, 31), "version 2 is unknown before the rotation");

        String unknownVersion = "2|1:7|10:1700000000|4:user|8:YWxpY2U=|";
        assertEquals(Optional.empty(), rotated.decode("user", unknownVersion + hmacHex(SECRET, unknownVersion), 31));
        String lyingVersion = "2|1:1|10:1700000000|4:user|8:YWxpY2U=|";
        assertEquals(
                Optional.empty(),
                rotated.decode("user", lyingVersion + hmacHex(OTHER_SECRET, lyingVersion), 31),
                "a value signed with version 2's secret but naming version 1");
    }

    @Test
    void constructorNeedsTheCurrentVersionsSecret() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new SignedValue(Map.of(1, SECRET), 2, CLOCK));
        assertTrue(e.getMessage().contains("2"), e::getMessage);
    }

    @Test
    void fromSettingsUsesCookieSecretAsVersionZero() {
        SignedValue signer = SignedValue.fromSettings(SECRET, List.of(), 5, false);
        String signed = signer.create("user", "alice");
        assertTrue(signed.startsWith("2|1:0|"), signed);
        assertEquals(Optional.of("alice"), SignedValue.of(SECRET).decode("user", signed, 31));
    }

    @Test
    void fromSettingsUsesCookieSecretsWithKeyVersion() {
        SignedValue signer = SignedValue.fromSettings("", List.of("1:" + SECRET, "2:" + OTHER_SECRET), 2, false);
        String signed = signer.create("user", "alice");
        assertTrue(signed.startsWith("2|1:2|"), signed);
        assertEquals(
                Optional.of("bob"),
                signer.decode(
                        "user", new SignedValue(Map.of(1, SECRET), 1, Clock.systemUTC()).create("user", "bob"), 31));
    }

    @Test
    void fromSettingsNamesTheSettingAtFault() {
        assertMessageStartsWith("cookie_secret:", () -> SignedValue.fromSettings("short", List.of(), 0, false));
        assertMessageStartsWith(
                "cookie_secret:",
                () -> SignedValue.fromSettings("__TODO:_GENERATE_YOUR_OWN_RANDOM_VALUE_HERE__", List.of(), 0, false));
        assertMessageStartsWith("cookie_secrets:", () -> SignedValue.fromSettings("", List.of(SECRET), 0, false));
        assertMessageStartsWith(
                "cookie_secrets:", () -> SignedValue.fromSettings("", List.of("x:" + SECRET), 0, false));
        assertMessageStartsWith("cookie_secrets:", () -> SignedValue.fromSettings("", List.of("1:short"), 1, false));
        assertMessageStartsWith("key_version:", () -> SignedValue.fromSettings("", List.of("1:" + SECRET), 2, false));
    }

    @Test
    void fromSettingsAcceptsShortSecretsInDebugMode() {
        SignedValue signer = SignedValue.fromSettings("short", List.of(), 0, true);
        assertEquals(Optional.of("alice"), signer.decode("user", signer.create("user", "alice"), 31));
    }

    @Test
    void emptySecretIsRefusedEvenInDebugMode() {
        assertMessageStartsWith("cookie_secrets:", () -> SignedValue.fromSettings("", List.of("1:"), 1, true));
        assertMessageStartsWith("cookie_secret:", () -> SignedValue.fromSettings("", List.of(), 0, true));
        assertThrows(IllegalArgumentException.class, () -> new SignedValue(Map.of(0, ""), 0, CLOCK));
    }

    private static void assertMessageStartsWith(String prefix, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(prefix), () -> "expected \"" + prefix + "...\": " + e.getMessage());
    }
}
