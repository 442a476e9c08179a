package dev.gale.launcher.config;

/**
 * A supervisord process group in the shape of Tornado's guide: one program per port, stopped with SIGTERM and given
 * time to finish its requests, its whole process group signalled, and {@code minfds} raised. The cookie secret is not
 * in it: an {@code environment =} line would show it to everyone who can read the config or run supervisorctl.
 */
final class SupervisordConfig {
    private SupervisordConfig() {}

    static String render(ProgramOptions o, String madeBy) {
        StringBuilder out = new StringBuilder();
        out.append("; Made by: ").append(madeBy).append('\n');
        o.secretFile()
                .ifPresent(file -> out.append("; The cookie secret is in ")
                        .append(file)
                        .append(", read by each process as --config: keep it\n"
                                + "; mode 0600, owned by the user the processes run as.\n"));
        out.append('\n');
        if (o.standalone().isPresent()) {
            String dir = o.standalone().get().toAbsolutePath().toString();
            out.append("[unix_http_server]\nfile = ").append(dir).append("/supervisor.sock\n\n");
            out.append("[supervisord]\nlogfile = ")
                    .append(dir)
                    .append("/supervisord.log\npidfile = ")
                    .append(dir)
                    .append("/supervisord.pid\nchildlogdir = ")
                    .append(dir)
                    .append("\nminfds = ")
                    .append(o.openFiles())
                    .append("\n\n");
            out.append("[rpcinterface:supervisor]\n")
                    .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n");
            out.append("[supervisorctl]\nserverurl = unix://").append(dir).append("/supervisor.sock\n\n");
        } else {
            out.append("; For /etc/supervisor/conf.d/. Each process holds a file descriptor per connection: set\n");
            out.append("; minfds = ")
                    .append(o.openFiles())
                    .append(" in the [supervisord] section of supervisord.conf, as Tornado's guide says.\n\n");
        }
        out.append("[group:").append(o.program()).append("]\nprograms = ");
        out.append(String.join(
                ",", o.ports().stream().map(p -> o.program() + "-" + p).toList()));
        out.append("\n");
        for (int port : o.ports()) {
            out.append("\n[program:")
                    .append(o.program())
                    .append('-')
                    .append(port)
                    .append("]\n");
            out.append("command = ").append(o.command());
            o.secretFile().ifPresent(file -> out.append(" --config=").append(file));
            out.append(o.launcherOptions(Integer.toString(port))).append('\n');
            out.append("directory = ").append(o.directory().toAbsolutePath()).append('\n');
            if (!o.user().isEmpty()) {
                out.append("user = ").append(o.user()).append('\n');
            }
            out.append("""
                    autostart = true
                    autorestart = true
                    startsecs = 2
                    stopsignal = TERM
                    """);
            out.append("stopwaitsecs = ").append(o.stopWaitSeconds()).append('\n');
            out.append("""
                    stopasgroup = true
                    killasgroup = true
                    redirect_stderr = true
                    """);
        }
        return out.toString();
    }
}
