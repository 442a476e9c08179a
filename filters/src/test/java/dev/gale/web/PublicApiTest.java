package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The framework's public API, as an application sees it, is the list in {@code public-api.txt}: every public type
 * outside {@code dev.gale.internal} with its public and protected members. A type or member that appears, changes or
 * goes without that list changing fails here, so the API grows only on purpose.
 */
class PublicApiTest {
    private static final String INTERNAL = "dev.gale.internal.";

    @Test
    void thePublicApiIsTheAnnouncedOne() throws Exception {
        List<String> actual = publicApi();
        List<String> announced = announced();
        assertEquals(
                String.join("\n", announced),
                String.join("\n", actual),
                "the public API changed; if on purpose, update filters/src/test/resources/public-api.txt");
    }

    @Test
    void noPublicSignatureExposesAnInternalType() throws Exception {
        List<String> leaks =
                publicApi().stream().filter(line -> line.contains(INTERNAL)).toList();
        assertTrue(leaks.isEmpty(), () -> "internal types in the public API:\n" + String.join("\n", leaks));
    }

    private static List<String> announced() throws IOException {
        try (InputStream in = PublicApiTest.class.getResourceAsStream("/public-api.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
    }

    private static List<String> publicApi() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Application.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(classes::relativize)
                    .map(Path::toString)
                    .filter(name -> name.endsWith(".class"))
                    .map(name ->
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> !name.startsWith(INTERNAL))
                    .sorted()
                    .toList();
        }
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, PublicApiTest.class.getClassLoader());
            if (isVisible(type)) {
                lines.add(describe(type));
                lines.addAll(members(type));
            }
        }
        return lines;
    }

    /** Public, and reachable: a nested type counts only when every type around it is public too. */
    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Class<?> type) {
        String kind = type.isAnnotation()
                ? "@interface"
                : type.isInterface() ? "interface" : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
        String extendsClause =
                type.getSuperclass() == null || type.getSuperclass() == Object.class || type.isEnum() || type.isRecord()
                        ? ""
                        : " extends " + type.getGenericSuperclass().getTypeName();
        String implementsClause = type.getGenericInterfaces().length == 0
                ? ""
                : " implements "
                        + Arrays.stream(type.getGenericInterfaces())
                                .map(t -> t.getTypeName())
                                .collect(Collectors.joining(", "));
        return Modifier.toString(type.getModifiers() & ~Modifier.INTERFACE & ~Modifier.STATIC) + " " + kind + " "
                + type.getName() + extendsClause + implementsClause;
    }

    private static List<String> members(Class<?> type) {
        TreeSet<String> members = new TreeSet<>();
        boolean extendable = !Modifier.isFinal(type.getModifiers());
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (isExposed(c.getModifiers(), extendable) && !c.isSynthetic()) {
                members.add("    " + modifiers(c.getModifiers()) + "new" + parameters(c));
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (isExposed(m.getModifiers(), extendable) && !m.isSynthetic() && !m.isBridge()) {
                members.add("    " + modifiers(m.getModifiers())
                        + m.getGenericReturnType().getTypeName() + " " + m.getName() + parameters(m));
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (isExposed(f.getModifiers(), extendable) && !f.isSynthetic() && !f.isEnumConstant()) {
                members.add("    " + modifiers(f.getModifiers())
                        + f.getGenericType().getTypeName() + " " + f.getName());
            } else if (f.isEnumConstant()) {
                members.add("    constant " + f.getName());
            }
        }
        return new ArrayList<>(members);
    }

    /** Public members, and protected ones where a subclass can reach them. */
    private static boolean isExposed(int modifiers, boolean extendable) {
        return Modifier.isPublic(modifiers) || (extendable && Modifier.isProtected(modifiers));
    }

    private static String modifiers(int modifiers) {
        String text = Modifier.toString(modifiers
                & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL | Modifier.ABSTRACT));
        return text.isEmpty() ? "" : text + " ";
    }

    private static String parameters(Executable executable) {
        return Arrays.stream(executable.getGenericParameterTypes())
                .map(t -> t.getTypeName())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
