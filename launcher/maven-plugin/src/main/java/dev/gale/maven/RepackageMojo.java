package dev.gale.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Makes the project's WAR executable, {@code java -jar target/NAME.war}, as well as deployable: adds the launcher and
 * Jetty jars under {@code META-INF/gale/lib/} (which containers never serve nor load) and a boot class at the root,
 * named in the manifest's {@code Main-Class}. {@code WEB-INF} is left as the war plugin wrote it.
 */
@Mojo(name = "repackage", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class RepackageMojo extends AbstractMojo {
    static final String LIB = "META-INF/gale/lib/";
    static final String BOOT_CLASS = "dev.gale.boot.GaleBoot";
    private static final String BOOT_ENTRY = BOOT_CLASS.replace('.', '/') + ".class";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    private List<Artifact> pluginArtifacts;

    /** Leaves the WAR as the war plugin made it. */
    @Parameter(property = "gale.repackage.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Skipping: gale.repackage.skip is set");
            return;
        }
        File war = project.getArtifact().getFile();
        if (!"war".equals(project.getPackaging()) || war == null || !war.isFile()) {
            throw new MojoExecutionException("repackage makes a WAR executable: give the project <packaging>war"
                    + "</packaging> and run it in the package phase, after the war plugin");
        }
        List<File> jars = LauncherArtifacts.jars(pluginArtifacts);
        Path target = war.toPath();
        Path repackaged = target.resolveSibling(target.getFileName() + ".gale-repackage");
        try {
            write(target, repackaged, jars);
            Files.move(repackaged, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot repackage " + target + ": " + e.getMessage(), e);
        }
        getLog().info("Made " + target.getFileName() + " executable (java -jar " + target.getFileName() + ") with "
                + jars.size() + " launcher jars");
    }

    private static void write(Path war, Path output, List<File> jars) throws IOException {
        try (JarFile in = new JarFile(war.toFile());
                OutputStream file = Files.newOutputStream(output);
                JarOutputStream out = new JarOutputStream(file, manifest(in))) {
            Set<String> written = new HashSet<>();
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                boolean ours = name.startsWith(LIB) || name.equals(BOOT_ENTRY);
                if (ours || name.equalsIgnoreCase(JarFile.MANIFEST_NAME) || !written.add(name)) {
                    continue;
                }
                JarEntry copy = new JarEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream content = in.getInputStream(entry)) {
                    content.transferTo(out);
                }
                out.closeEntry();
            }
            for (String directory : List.of("META-INF/gale/", LIB, "dev/", "dev/gale/", "dev/gale/boot/")) {
                if (written.add(directory)) {
                    out.putNextEntry(new JarEntry(directory));
                    out.closeEntry();
                }
            }
            for (File jar : jars) {
                out.putNextEntry(new JarEntry(LIB + jar.getName()));
                Files.copy(jar.toPath(), out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(BOOT_ENTRY));
            try (InputStream boot = RepackageMojo.class.getResourceAsStream("/" + BOOT_ENTRY)) {
                if (boot == null) {
                    throw new IOException("the plugin lacks its boot class " + BOOT_ENTRY);
                }
                boot.transferTo(out);
            }
            out.closeEntry();
        }
    }

    private static Manifest manifest(JarFile war) throws IOException {
        Manifest manifest = war.getManifest() != null ? new Manifest(war.getManifest()) : new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, BOOT_CLASS);
        return manifest;
    }
}
