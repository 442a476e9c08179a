package dev.gale.internal.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/** What a {@code cookie_secret} must be outside debug mode, and a random one for a run without it. */
public final class SecretPolicy {
    /** The shortest secret accepted outside debug mode. */
    public static final int SHORTEST = 32;

    private static final Set<String> PLACEHOLDERS = Set.of(
            "__todo:_generate_your_own_random_value_here__", "changeme", "change-me", "secret", "your-secret-here");

    private SecretPolicy() {}

    /**
     * Why {@code secret} must not be used, or null when it is fine.
     *
     * @return a sentence naming the problem and the fix, for a one-line start-up error
     */
    public static String problem(String secret) {
        String lower = secret.strip().toLowerCase(Locale.ROOT);
        // A random secret may hold any word ("ToDo" turns up in base64), so only the placeholders' own shapes count.
        if (PLACEHOLDERS.contains(lower) || lower.startsWith("__todo") || lower.contains("generate_your_own")) {
            return "is a placeholder; generate one with: head -c 32 /dev/urandom | base64";
        }
        if (secret.length() < SHORTEST) {
            return "is " + secret.length() + " characters; use at least " + SHORTEST
                    + " (generate one with: head -c 32 /dev/urandom | base64)";
        }
        return null;
    }

    /** 32 random bytes in base64: a secret for one run. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
