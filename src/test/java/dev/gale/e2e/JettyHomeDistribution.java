package dev.gale.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jetty-home distribution run with {@code java -jar start.jar}: a fresh jetty.base made with
 * {@code --add-modules=server,http,ee10-deploy}, the smallest base that deploys WARs, with the port in
 * {@code start.d/http.ini}. Context parameters go to an ee10 context XML beside the WAR, {@code webapps/NAME.xml}.
 */
final class JettyHomeDistribution implements Distribution {
    private static final String MODULES = "server,http,ee10-deploy";

    private final Path home;

    JettyHomeDistribution(Path home) {
        this.home = home;
    }

    @Override
    public String name() {
        return "jetty-home";
    }

    @Override
    public List<String> selfNames() {
        String directory = home.getFileName().toString();
        return List.of("Jetty", directory.substring(directory.lastIndexOf('-') + 1));
    }

    @Override
    public void prepareBase(Path base, int port) throws IOException, InterruptedException {
        Files.createDirectories(base.resolve("work"));
        Path output = base.resolve("add-modules.log");
        Process addModules = new ProcessBuilder(startJar(base, "--add-modules=" + MODULES))
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!addModules.waitFor(60, TimeUnit.SECONDS)) {
            addModules.destroyForcibly();
            throw new IOException("start.jar --add-modules did not finish: " + Files.readString(output));
        }
        if (addModules.exitValue() != 0) {
            throw new IOException("start.jar --add-modules failed: " + Files.readString(output));
        }
        Files.writeString(
                base.resolve("start.d/http.ini"),
                "jetty.http.host=127.0.0.1\njetty.http.port=" + port + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    @Override
    public void deploy(Path base, Path war, Deployment deployment) throws IOException {
        Path webapps = base.resolve("webapps");
        Files.copy(war, webapps.resolve(deployment.name() + ".war"), StandardCopyOption.REPLACE_EXISTING);
        if (deployment.contextParameters().isEmpty()) {
            return;
        }
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE Configure PUBLIC \"-//Jetty//Configure//EN\"")
                .append(" \"https://jetty.org/configure_10_0.dtd\">\n")
                .append("<Configure class=\"org.eclipse.jetty.ee10.webapp.WebAppContext\">\n")
                .append("  <Set name=\"contextPath\">")
                .append(Xml.escape(deployment.contextPath()))
                .append("</Set>\n")
                .append("  <Set name=\"war\"><Property name=\"jetty.webapps\" default=\".\"/>/")
                .append(Xml.escape(deployment.name()))
                .append(".war</Set>\n");
        deployment
                .contextParameters()
                .forEach((name, value) -> xml.append("  <Call name=\"setInitParameter\"><Arg>")
                        .append(Xml.escape(name))
                        .append("</Arg><Arg>")
                        .append(Xml.escape(value))
                        .append("</Arg></Call>\n"));
        xml.append("</Configure>\n");
        Files.writeString(webapps.resolve(deployment.name() + ".xml"), xml, StandardCharsets.UTF_8);
    }

    @Override
    public ProcessBuilder command(Path base) {
        return new ProcessBuilder(startJar(base)).directory(base.toFile());
    }

    private List<String> startJar(Path base, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // WARs are extracted here rather than into the shared /tmp.
                "-Djava.io.tmpdir=" + base.resolve("work"),
                "-jar",
                home.resolve("start.jar").toString(),
                "jetty.home=" + home,
                "jetty.base=" + base));
        command.addAll(List.of(args));
        return command;
    }
}
