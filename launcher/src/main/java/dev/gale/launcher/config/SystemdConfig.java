package dev.gale.launcher.config;

/**
 * A templated systemd unit: {@code systemctl enable --now gale@8000 gale@8001 ...} starts one process per port,
 * stopped with SIGTERM and given time to finish its requests, with a raised open-file limit.
 */
final class SystemdConfig {
    private SystemdConfig() {}

    static String render(ProgramOptions o, String madeBy) {
        StringBuilder out = new StringBuilder();
        out.append("# Made by: ").append(madeBy).append('\n');
        out.append("# Save as /etc/systemd/system/").append(o.program()).append("@.service, then:\n");
        out.append("#   systemctl daemon-reload && systemctl enable --now");
        for (int port : o.ports()) {
            out.append(' ').append(o.program()).append('@').append(port);
        }
        out.append("\n\n[Unit]\nDescription=").append(o.program()).append(" on port %i\n");
        out.append("After=network.target\n\n[Service]\n");
        out.append("ExecStart=")
                .append(o.command())
                .append(o.launcherOptions("%i"))
                .append('\n');
        out.append("WorkingDirectory=").append(o.directory().toAbsolutePath()).append('\n');
        // systemd reads the file as root before it drops to User=: it may stay readable by root only.
        o.secretFile()
                .ifPresent(file -> out.append("EnvironmentFile=").append(file).append('\n'));
        if (!o.user().isEmpty()) {
            out.append("User=").append(o.user()).append('\n');
        }
        // A --processes group rolls its processes on SIGHUP: systemctl reload is then a zero-downtime restart.
        out.append("ExecReload=/bin/kill -HUP $MAINPID\n");
        out.append("""
                Restart=on-failure
                RestartSec=1
                KillSignal=SIGTERM
                KillMode=mixed
                """);
        out.append("TimeoutStopSec=").append(o.stopWaitSeconds()).append('\n');
        out.append("LimitNOFILE=").append(o.openFiles()).append("\n\n[Install]\nWantedBy=multi-user.target\n");
        return out.toString();
    }
}
