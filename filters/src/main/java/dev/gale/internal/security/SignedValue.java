package dev.gale.internal.security;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed values in Tornado's version-2 format, so a Tornado application and a Gale application that share a
 * {@code cookie_secret} read each other's signed cookies:
 * {@code 2|<len>:<key version>|<len>:<timestamp>|<len>:<name>|<len>:<base64 value>|<HMAC-SHA256 hex>}.
 *
 * <p>Secrets are keyed by version for rotation, as Tornado's {@code key_version}: values are signed with the current
 * version's secret and read with whichever secret their version names.
 */
public final class SignedValue {
    /** Longer values are refused unread. */
    static final int LONGEST = 4096;

    private final Map<Integer, String> secrets;
    private final int currentVersion;
    private final Clock clock;

    /** Signs and reads with {@code secrets} by key version, signing with {@code currentVersion}. */
    public SignedValue(Map<Integer, String> secrets, int currentVersion, Clock clock) {
        if (!secrets.containsKey(currentVersion)) {
            throw new IllegalArgumentException("no secret for key version " + currentVersion);
        }
        secrets.forEach((version, secret) -> {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("the secret of key version " + version + " is empty");
            }
        });
        this.secrets = Map.copyOf(secrets);
        this.currentVersion = currentVersion;
        this.clock = clock;
    }

    /**
     * The signer the settings describe: {@code cookie_secrets} ({@code VERSION:SECRET,...}) with {@code key_version}
     * when given, else {@code cookie_secret} as version 0. Outside debug mode every secret must pass
     * {@link SecretPolicy}.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public static SignedValue fromSettings(String secret, List<String> versioned, int keyVersion, boolean debug) {
        Map<Integer, String> secrets = new HashMap<>();
        String setting = "cookie_secret";
        if (versioned.isEmpty()) {
            secrets.put(0, secret);
            keyVersion = 0;
        } else {
            setting = "cookie_secrets";
            for (String entry : versioned) {
                int colon = entry.indexOf(':');
                try {
                    secrets.put(Integer.parseInt(entry.substring(0, Math.max(colon, 0))), entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "cookie_secrets: each entry must be VERSION:SECRET, such as 1:SECRET");
                }
            }
            if (!secrets.containsKey(keyVersion)) {
                throw new IllegalArgumentException(
                        "key_version: cookie_secrets has no secret for version " + keyVersion);
            }
        }
        for (Map.Entry<Integer, String> each : secrets.entrySet()) {
            if (each.getValue().isEmpty()) {
                throw new IllegalArgumentException(setting + ": the secret "
                        + (versioned.isEmpty() ? "" : "of version " + each.getKey() + " ") + "is empty");
            }
        }
        if (!debug) {
            for (String each : secrets.values()) {
                String problem = SecretPolicy.problem(each);
                if (problem != null) {
                    throw new IllegalArgumentException(setting + ": the secret " + problem);
                }
            }
        }
        return new SignedValue(secrets, keyVersion, Clock.systemUTC());
    }

    /** One secret, as key version 0. */
    public static SignedValue of(String secret) {
        return new SignedValue(Map.of(0, secret), 0, Clock.systemUTC());
    }

    /** {@code value} signed under {@code name}, stamped with the current time. */
    public String create(String name, String value) {
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        String toSign = "2|" + field(Integer.toString(currentVersion)) + field(Long.toString(clock.millis() / 1000))
                + field(name) + field(encoded);
        return toSign + signature(secrets.get(currentVersion), toSign);
    }

    /**
     * The value, when {@code signed} is a version-2 value for {@code name} with a valid signature no older than
     * {@code maxAgeDays}; empty for anything else, never an exception.
     */
    public Optional<String> decode(String name, String signed, double maxAgeDays) {
        if (signed == null || signed.length() > LONGEST || !signed.startsWith("2|")) {
            return Optional.empty();
        }
        // Field lengths count UTF-8 bytes, as Tornado writes them, so the value is parsed as bytes.
        byte[] bytes = signed.getBytes(StandardCharsets.UTF_8);
        Fields fields = Fields.parse(bytes);
        if (fields == null) {
            return Optional.empty();
        }
        String secret = secrets.get(fields.keyVersion());
        if (secret == null) {
            return Optional.empty();
        }
        byte[] expected =
                signature(secret, Arrays.copyOf(bytes, fields.signatureStart())).getBytes(StandardCharsets.US_ASCII);
        byte[] given = Arrays.copyOfRange(bytes, fields.signatureStart(), bytes.length);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        if (!fields.name().equals(name)) {
            return Optional.empty();
        }
        if (fields.timestamp() < clock.millis() / 1000 - (long) (maxAgeDays * 86400)) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getDecoder().decode(fields.value());
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(raw))
                    .toString());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String field(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + ":" + s + "|";
    }

    static String signature(String secret, String toSign) {
        return signature(secret, toSign.getBytes(StandardCharsets.UTF_8));
    }

    private static String signature(String secret, byte[] toSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(toSign));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    /**
     * The fields after {@code 2|}: each {@code <length in bytes>:<text>|}, then the signature from {@code
     * signatureStart}.
     */
    private record Fields(int keyVersion, long timestamp, String name, String value, int signatureStart) {
        static Fields parse(byte[] signed) {
            String[] parts = new String[4];
            int at = 2;
            for (int i = 0; i < 4; i++) {
                int colon = indexOf(signed, (byte) ':', at);
                if (colon < 0 || colon - at > 5) {
                    return null;
                }
                int length;
                try {
                    length = Integer.parseInt(new String(signed, at, colon - at, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    return null;
                }
                int end = colon + 1 + length;
                if (length < 0 || end >= signed.length || signed[end] != '|') {
                    return null;
                }
                parts[i] = new String(signed, colon + 1, length, StandardCharsets.UTF_8);
                at = end + 1;
            }
            try {
                return new Fields(Integer.parseInt(parts[0]), Long.parseLong(parts[1]), parts[2], parts[3], at);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static int indexOf(byte[] bytes, byte wanted, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }
    }
}
