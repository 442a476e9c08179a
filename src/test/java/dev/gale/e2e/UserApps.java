package dev.gale.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A user's own application written by a test: one source file compiled against launcher.jar into a web root. */
final class UserApps {
    private UserApps() {}

    /**
     * Compiles {@code source}, the class {@code className}, into {@code root}'s {@code WEB-INF/classes} and lists it
     * as the root's {@code ApplicationProvider}.
     */
    static Path write(Path root, String className, String source) throws IOException {
        Path file =
                root.getParent().resolve(root.getFileName() + "-src").resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(root.resolve("WEB-INF/classes"));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(
                null,
                messages,
                messages,
                "-d",
                classes.toString(),
                "-cp",
                Artifacts.launcherJar().toString(),
                "--release",
                "17",
                "-proc:none",
                file.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + messages.toString(StandardCharsets.UTF_8));
        }
        Path services = classes.resolve("META-INF/services/dev.gale.web.ApplicationProvider");
        Files.createDirectories(services.getParent());
        Files.writeString(services, className + "\n");
        return root;
    }

    /**
     * {@code root} as a WAR a container can deploy: its files, and the demo WAR's {@code WEB-INF/lib} (Gale and
     * SLF4J), which the launcher would otherwise bring.
     */
    static Path war(Path root, Path war) throws IOException {
        try (OutputStream file = Files.newOutputStream(war);
                ZipOutputStream out = new ZipOutputStream(file);
                Stream<Path> tree = Files.walk(root);
                JarFile demo = new JarFile(Artifacts.webappWar().toFile())) {
            List<Path> files =
                    new ArrayList<>(tree.filter(Files::isRegularFile).sorted().toList());
            for (Path path : files) {
                out.putNextEntry(new ZipEntry(root.relativize(path).toString()));
                Files.copy(path, out);
                out.closeEntry();
            }
            for (var entry : demo.stream()
                    .filter(e -> e.getName().startsWith("WEB-INF/lib/")
                            && e.getName().endsWith(".jar"))
                    .toList()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = demo.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return war;
    }
}
