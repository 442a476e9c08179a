package dev.gale.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code mvn gale:run}: serves the project while it is edited, in debug mode. The launcher runs as a child process
 * over the sources' web root ({@code src/main/webapp}), {@code target/classes} and the runtime dependencies; a
 * compile (by Maven or an IDE) reloads the code, and templates, translations and static files are read afresh.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public class RunMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    private List<Artifact> pluginArtifacts;

    /** The web application's files as written: static files, WEB-INF/locale, WEB-INF/templates. */
    @Parameter(property = "gale.webappDirectory", defaultValue = "${project.basedir}/src/main/webapp")
    private File webappDirectory;

    /** A templates directory outside the web root, given to the application as its template_path. */
    @Parameter(property = "gale.templates")
    private File templates;

    @Parameter(property = "gale.port", defaultValue = "8888")
    private int port;

    /** More launcher options, such as {@code --address=127.0.0.1} or {@code --application=CLASS}. */
    @Parameter(property = "gale.arguments")
    private List<String> arguments = new ArrayList<>();

    @Override
    public void execute() throws MojoExecutionException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(String.join(
                File.pathSeparator,
                LauncherArtifacts.jars(pluginArtifacts).stream()
                        .map(File::getPath)
                        .toList()));
        command.add("dev.gale.launcher.Main");
        if (webappDirectory.isDirectory()) {
            command.add(webappDirectory.getAbsolutePath());
        }
        command.add("--classpath=" + String.join(File.pathSeparator, applicationClassPath()));
        command.add("--debug");
        command.add("--port=" + port);
        if (templates != null) {
            command.add("--template_path=" + templates.getAbsolutePath());
        }
        command.addAll(arguments);
        getLog().debug("Starting " + String.join(" ", command));
        Process launcher;
        try {
            launcher = new ProcessBuilder(command)
                    .directory(project.getBasedir())
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot start the launcher: " + e.getMessage(), e);
        }
        Thread stop = new Thread(launcher::destroy, "gale-run-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            int status = launcher.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            if (status != 0) {
                throw new MojoExecutionException("The launcher exited with status " + status);
            }
        } catch (InterruptedException e) {
            launcher.destroy();
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, and the hook stops the launcher
        }
    }

    /** target/classes, then the runtime dependencies the launcher does not carry itself. */
    private List<String> applicationClassPath() {
        List<String> entries = new ArrayList<>();
        entries.add(project.getBuild().getOutputDirectory());
        for (Artifact artifact : project.getArtifacts()) {
            boolean carried = (artifact.getGroupId().equals("dev.gale")
                            && artifact.getArtifactId().equals("gale"))
                    || artifact.getGroupId().equals("org.slf4j")
                    || artifact.getGroupId().equals("jakarta.servlet");
            boolean runtime = !Artifact.SCOPE_TEST.equals(artifact.getScope())
                    && !Artifact.SCOPE_PROVIDED.equals(artifact.getScope());
            if (!carried && runtime && artifact.getFile() != null) {
                entries.add(artifact.getFile().getAbsolutePath());
            }
        }
        return entries;
    }
}
