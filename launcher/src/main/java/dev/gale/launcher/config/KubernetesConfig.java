package dev.gale.launcher.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Manifests for {@code kubectl apply -f}: a Deployment whose pods take their cookie secret from a Secret, fail
 * readiness before they stop and are given the time to finish their requests, a ClusterIP Service, and a
 * PodDisruptionBudget that lets one pod go at a time.
 */
final class KubernetesConfig {
    /** How often the kubelet checks that the port still accepts connections. */
    private static final int LIVENESS_PERIOD_SECONDS = 10;

    private KubernetesConfig() {}

    static String render(KubernetesOptions o, String madeBy) {
        StringBuilder out = new StringBuilder();
        out.append("# Made by: ").append(madeBy).append('\n');
        out.append("# The cookie secret is read from the Secret ")
                .append(o.secret())
                .append(", which this file does not hold; make it once with:\n");
        out.append("#   kubectl create secret generic ")
                .append(o.secret())
                .append(" --from-literal=")
                .append(o.secretKey())
                .append("=\"$(head -c 32 /dev/urandom | base64)\"\n");
        deployment(out, o);
        service(out, o);
        disruptionBudget(out, o);
        return out.toString();
    }

    private static void deployment(StringBuilder out, KubernetesOptions o) {
        out.append("---\napiVersion: apps/v1\nkind: Deployment\n");
        metadata(out, o);
        out.append("spec:\n  replicas: ").append(o.replicas()).append('\n');
        out.append("  selector:\n    matchLabels:\n      app.kubernetes.io/name: ")
                .append(quote(o.name()))
                .append('\n');
        out.append("""
                  strategy:
                    type: RollingUpdate
                    rollingUpdate:
                      maxSurge: 1
                      maxUnavailable: 0
                  template:
                    metadata:
                      labels:
                """);
        out.append("        app.kubernetes.io/name: ").append(quote(o.name())).append('\n');
        out.append("    spec:\n");
        out.append("      # SIGKILL comes this long after the pause starts: the pause, the drain delay, the\n"
                + "      # shutdown timeout and 5 s more.\n");
        out.append("      terminationGracePeriodSeconds: ")
                .append(o.terminationGraceSeconds())
                .append('\n');
        out.append("      containers:\n        - name: ")
                .append(quote(o.name()))
                .append('\n');
        out.append("          image: ").append(quote(o.image())).append('\n');
        out.append("          command: ").append(list(o.command())).append('\n');
        out.append("          args: ").append(list(o.arguments())).append('\n');
        out.append("          ports:\n            - name: http\n              containerPort: ")
                .append(o.port())
                .append("\n              protocol: TCP\n");
        out.append("          env:\n            - name: COOKIE_SECRET\n              valueFrom:\n"
                + "                secretKeyRef:\n");
        out.append("                  name: ").append(quote(o.secret())).append('\n');
        out.append("                  key: ").append(quote(o.secretKey())).append('\n');
        out.append("          resources:\n            requests:\n");
        out.append("              memory: ").append(quote(o.memoryRequest())).append('\n');
        out.append("              cpu: ").append(quote(o.cpu())).append('\n');
        out.append("            limits:\n              memory: ")
                .append(quote(o.memory()))
                .append('\n');
        o.cpuLimit()
                .ifPresent(cpu ->
                        out.append("              cpu: ").append(quote(cpu)).append('\n'));
        out.append("""
                          # The JVM starts before the port opens: liveness waits for it.
                          startupProbe:
                            tcpSocket:
                              port: http
                            periodSeconds: 2
                            failureThreshold: 90
                          # /_gale/ready answers 503 from the start of a stop, so the pod leaves the endpoints.
                          readinessProbe:
                            httpGet:
                              path: /_gale/ready
                              port: http
                            periodSeconds: 2
                            failureThreshold: 1
                            successThreshold: 1
                          # Only a process that no longer accepts connections is restarted, and never one that
                          # drains: the failures it takes outlast the drain delay and the shutdown timeout.
                          livenessProbe:
                            tcpSocket:
                              port: http
                """);
        out.append("            periodSeconds: ")
                .append(LIVENESS_PERIOD_SECONDS)
                .append('\n');
        out.append("            failureThreshold: ")
                .append(livenessFailureThreshold(o))
                .append('\n');
        out.append("          lifecycle:\n"
                + "            # Before SIGTERM the pod serves on while the endpoints, kube-proxy and ingress\n"
                + "            # controllers stop sending to it.\n"
                + "            preStop:\n");
        if (o.preStopExec()) {
            out.append("              exec:\n                command: ")
                    .append(list(List.of("sleep", Long.toString(o.preStopSeconds()))))
                    .append('\n');
        } else {
            out.append("              sleep:\n                seconds: ")
                    .append(o.preStopSeconds())
                    .append('\n');
        }
    }

    private static void service(StringBuilder out, KubernetesOptions o) {
        out.append("---\napiVersion: v1\nkind: Service\n");
        metadata(out, o);
        out.append("spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: ")
                .append(quote(o.name()))
                .append('\n');
        out.append("  ports:\n    - name: http\n      port: ")
                .append(o.servicePort())
                .append("\n      targetPort: http\n      protocol: TCP\n");
    }

    private static void disruptionBudget(StringBuilder out, KubernetesOptions o) {
        out.append("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\n");
        metadata(out, o);
        out.append("spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ")
                .append(quote(o.name()))
                .append('\n');
    }

    private static void metadata(StringBuilder out, KubernetesOptions o) {
        out.append("metadata:\n  name: ")
                .append(quote(o.name()))
                .append("\n  labels:\n    app.kubernetes.io/name: ")
                .append(quote(o.name()))
                .append('\n');
    }

    /** Enough failed checks, a period apart, to outlast a drain (the port is closed then), and 3 at least. */
    static int livenessFailureThreshold(KubernetesOptions o) {
        long drainSeconds = LauncherArguments.secondsUp(o.drainDelay().plus(o.shutdownTimeout()));
        return (int) Math.max(3, (drainSeconds + LIVENESS_PERIOD_SECONDS - 1) / LIVENESS_PERIOD_SECONDS + 1);
    }

    /** A flow sequence of quoted strings. */
    private static String list(List<String> values) {
        return values.stream().map(KubernetesConfig::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A double-quoted YAML string, which no value can end early or turn into another type. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
