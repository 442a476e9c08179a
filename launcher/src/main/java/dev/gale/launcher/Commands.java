package dev.gale.launcher;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The launcher's commands with a line each, for {@code --help}. */
final class Commands {
    /** Each command's usage and what it does, in the order {@code --help} lists them. */
    static final Map<String, String> ALL = all();

    private Commands() {}

    private static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("config KIND", "Print a configuration: nginx, haproxy, supervisord, systemd or kubernetes");
        all.put("status", "List the processes serving a port: pid, uptime, requests, memory");
        all.put("reload", "Restart the processes of a running --processes group one by one");
        all.put("rolling-restart", "Restart a supervisord group one program at a time");
        return Collections.unmodifiableMap(all);
    }
}
