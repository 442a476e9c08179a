package dev.gale.launcher;

import java.util.Optional;

/** What {@code COMMAND --help} prints, naming the jar that was run. */
final class CommandHelp {
    private CommandHelp() {}

    /** The help of {@code command}, or empty when it is not one. */
    static Optional<String> of(String command) {
        String jar = "java -jar " + LaunchedAs.jarName();
        return Optional.ofNullable(switch (command) {
            case "config" -> "Usage: " + jar + " config KIND [options]   (KIND --help lists its options)\n\n"
                    + "  nginx        a proxy in front of the processes: " + jar
                    + " config nginx --upstreams=127.0.0.1:8000-8003\n"
                    + "  haproxy      the same for HAProxy\n"
                    + "  supervisord  a process group, one program per port: " + jar
                    + " config supervisord --ports=8000-8003\n"
                    + "  systemd      a template unit, one instance per port\n";
            case "status" -> "Usage: " + jar + " status [--port=8888]\n\n"
                    + "Lists every process serving the port: pid, port, uptime, requests served and in flight, resident "
                    + "memory.\n";
            case "reload" -> "Usage: " + jar + " reload [--port=8888]\n\n"
                    + "Asks the supervisor of a --processes group on the port to restart its processes one by one, as "
                    + "SIGHUP does.\n";
            case "rolling-restart" -> "Usage: " + jar + " rolling-restart --ports=8000-8003 [--program=gale] "
                    + "[--supervisorctl=COMMAND]\n\n"
                    + "Restarts a supervisord group one program at a time, waiting for each to answer before the "
                    + "next.\n";
            default -> null;
        });
    }
}
