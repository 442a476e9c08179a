package dev.gale.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretPolicyTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "__TODO:_GENERATE_YOUR_OWN_RANDOM_VALUE_HERE__",
                "__todo:_generate_your_own_random_value_here__",
                " __TODO:_GENERATE_YOUR_OWN_RANDOM_VALUE_HERE__ ",
                "changeme",
                "secret"
            })
    void placeholdersAreRefused(String placeholder) {
        String problem = SecretPolicy.problem(placeholder);
        assertNotNull(problem, placeholder);
        assertTrue(problem.contains("placeholder"), problem);
    }

    @Test
    void shortSecretsAreRefusedWithTheirLength() {
        String problem = SecretPolicy.problem("x".repeat(31));
        assertNotNull(problem);
        assertTrue(problem.contains("31 characters"), problem);
        assertTrue(problem.contains("32"), problem);
    }

    @Test
    void longRandomSecretsAreFine() {
        assertNull(SecretPolicy.problem("x".repeat(32)));
        assertNull(SecretPolicy.problem("tJ3q9ZVwz7d1o8mH2fXkLr5cYbN0aPeG6sUiKQ4WvTg="));
    }

    @Test
    void randomSecretsThatHappenToSpellAWordAreFine() {
        // base64 output from /dev/urandom can hold any four letters, such as "todo" in some case.
        assertNull(SecretPolicy.problem("q8ToDoZ1mB7xY2cN5vR0wK3pL9sF4hJ6gT1uA8eD0Qs="));
        assertNull(SecretPolicy.problem("mytodolist-but-long-enough-to-pass-the-length"));
    }

    @Test
    void generatedSecretsAreLongRandomAndPassThePolicy() {
        String one = SecretPolicy.generate();
        String two = SecretPolicy.generate();
        assertNotEquals(one, two);
        assertEquals(32, Base64.getDecoder().decode(one).length);
        assertNull(SecretPolicy.problem(one));
    }
}
