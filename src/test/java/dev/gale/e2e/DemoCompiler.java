package dev.gale.e2e;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles an edited copy of one of the demo's classes against launcher.jar and the demo, as a developer's build does.
 */
final class DemoCompiler {
    private static final String PACKAGE = "dev/gale/demo/";

    private DemoCompiler() {}

    /** The source of the demo class {@code simpleName}, such as {@code MainHandler}. */
    static String source(String simpleName) throws IOException {
        return Files.readString(Artifacts.demoSources().resolve(PACKAGE + simpleName + ".java"));
    }

    /** The compiled classes of the demo class {@code simpleName} as the build left them, by class-file path. */
    static Map<String, byte[]> built(String simpleName) throws IOException {
        Path file = Artifacts.webappClasses().resolve(PACKAGE + simpleName + ".class");
        return Map.of(PACKAGE + simpleName + ".class", Files.readAllBytes(file));
    }

    /**
     * Compiles {@code source}, the text of {@code dev.gale.demo.SIMPLE_NAME}, in a new directory under
     * {@code workDirectory}.
     *
     * @return the class files, nested classes included, by path under a class directory
     */
    static Map<String, byte[]> compile(String simpleName, String source, Path workDirectory) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("the tests need a JDK: this Java has no compiler");
        }
        Path sources = Files.createTempDirectory(workDirectory, "src");
        Path file = sources.resolve(PACKAGE + simpleName + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createTempDirectory(workDirectory, "classes");
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        String classPath = Artifacts.launcherJar() + File.pathSeparator + Artifacts.webappClasses();
        int status = compiler.run(
                null,
                messages,
                messages,
                "-d",
                classes.toString(),
                "-cp",
                classPath,
                "--release",
                "17",
                "-proc:none",
                "-Xlint:all",
                "-Werror",
                file.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + messages.toString(StandardCharsets.UTF_8));
        }
        Map<String, byte[]> compiled = new LinkedHashMap<>();
        try (Stream<Path> tree = Files.walk(classes)) {
            for (Path classFile : tree.filter(Files::isRegularFile).toList()) {
                compiled.put(classes.relativize(classFile).toString(), Files.readAllBytes(classFile));
            }
        }
        if (compiled.isEmpty()) {
            throw new IllegalStateException("javac wrote no class for " + simpleName);
        }
        return compiled;
    }

    /** Writes class files into a class directory, over the old ones, as a build does. */
    static void install(Map<String, byte[]> classes, Path classDirectory) throws IOException {
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            Path target = classDirectory.resolve(entry.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, entry.getValue());
        }
    }
}
