package dev.gale.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Apache Tomcat run with {@code catalina.sh run}: CATALINA_HOME is the unpacked distribution, CATALINA_BASE a fresh
 * directory with a copy of its {@code conf/}. Context parameters go to {@code conf/Catalina/localhost/NAME.xml}.
 */
final class TomcatDistribution implements Distribution {
    private static final String SHUTDOWN_PORT = "<Server port=\"8005\" shutdown=\"SHUTDOWN\">";
    private static final String HTTP_CONNECTOR = "<Connector port=\"8080\" protocol=\"HTTP/1.1\"";

    private final Path home;

    TomcatDistribution(Path home) {
        this.home = home;
    }

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public List<String> selfNames() {
        String directory = home.getFileName().toString();
        return List.of("Tomcat", directory.substring(directory.lastIndexOf('-') + 1));
    }

    @Override
    public void prepareBase(Path base, int port) throws IOException {
        for (String directory : List.of("conf/Catalina/localhost", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(directory));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        Path serverXml = base.resolve("conf/server.xml");
        String config = Files.readString(serverXml, StandardCharsets.UTF_8);
        config = replaceOnce(config, SHUTDOWN_PORT, "<Server port=\"-1\" shutdown=\"SHUTDOWN\">");
        config = replaceOnce(
                config, HTTP_CONNECTOR, "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        Files.writeString(serverXml, config, StandardCharsets.UTF_8);
    }

    @Override
    public void deploy(Path base, Path war, Deployment deployment) throws IOException {
        Path target = base.resolve("webapps").resolve(deployment.name() + ".war");
        Files.copy(war, target, StandardCopyOption.REPLACE_EXISTING);
        if (deployment.contextParameters().isEmpty()) {
            return;
        }
        StringBuilder context = new StringBuilder("<Context>\n");
        deployment
                .contextParameters()
                .forEach((name, value) -> context.append("    <Parameter name=\"")
                        .append(Xml.escape(name))
                        .append("\" value=\"")
                        .append(Xml.escape(value))
                        .append("\" override=\"false\"/>\n"));
        context.append("</Context>\n");
        Files.writeString(
                base.resolve("conf/Catalina/localhost").resolve(deployment.name() + ".xml"),
                context,
                StandardCharsets.UTF_8);
    }

    @Override
    public ProcessBuilder command(Path base) {
        ProcessBuilder command =
                new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run").directory(base.toFile());
        Map<String, String> environment = command.environment();
        for (String inherited : List.of("JRE_HOME", "JAVA_OPTS", "CATALINA_OPTS", "CATALINA_PID", "CATALINA_TMPDIR")) {
            environment.remove(inherited);
        }
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("CATALINA_HOME", home.toString());
        environment.put("CATALINA_BASE", base.toString());
        environment.put("CATALINA_OPTS", "-Xmx256m");
        return command;
    }

    private static String replaceOnce(String config, String expected, String replacement) {
        int at = config.indexOf(expected);
        if (at < 0 || config.indexOf(expected, at + 1) >= 0) {
            throw new UncheckedIOException(
                    new IOException("conf/server.xml of this Tomcat does not hold exactly one " + expected));
        }
        return config.substring(0, at) + replacement + config.substring(at + expected.length());
    }
}
