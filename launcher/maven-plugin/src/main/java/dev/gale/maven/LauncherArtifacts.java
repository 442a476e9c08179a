package dev.gale.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;

/** The launcher and the Jetty it runs: this plugin's own runtime artifacts, which Maven resolved with it. */
final class LauncherArtifacts {
    private LauncherArtifacts() {}

    /**
     * The jar files, the launcher's first.
     *
     * @throws MojoExecutionException when one is not a jar yet (the launcher module not packaged in this build)
     */
    static List<File> jars(List<Artifact> pluginArtifacts) throws MojoExecutionException {
        List<Artifact> jars = pluginArtifacts.stream()
                .filter(a -> "jar".equals(a.getType()))
                .filter(a -> !a.getArtifactId().equals("gale-maven-plugin"))
                // Maven adds plexus-utils to every plugin that does not name it; the launcher does not use it
                .filter(a -> !a.getGroupId().equals("org.codehaus.plexus"))
                .sorted((a, b) -> Boolean.compare(!isLauncher(a), !isLauncher(b)))
                .toList();
        if (jars.stream().noneMatch(LauncherArtifacts::isLauncher)) {
            throw new MojoExecutionException("The gale-maven-plugin was resolved without dev.gale:gale-launcher");
        }
        for (Artifact artifact : jars) {
            File file = artifact.getFile();
            if (file == null || !file.isFile()) {
                throw new MojoExecutionException(artifact + " is not a jar (" + file + "): package it first");
            }
        }
        return jars.stream().map(Artifact::getFile).toList();
    }

    private static boolean isLauncher(Artifact artifact) {
        return artifact.getGroupId().equals("dev.gale")
                && artifact.getArtifactId().equals("gale-launcher");
    }
}
