package dev.gale.launcher.config;

import dev.gale.internal.filters.TrustedProxies;
import dev.gale.launcher.options.Options;
import dev.gale.web.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The options of {@code config kubernetes}, parsed and checked together. */
record KubernetesOptions(
        String name,
        String image,
        int replicas,
        int port,
        int servicePort,
        List<String> podCidrs,
        String jar,
        Optional<String> app,
        List<String> jvmOptions,
        String secret,
        String secretKey,
        String memory,
        String memoryRequest,
        String cpu,
        Optional<String> cpuLimit,
        Duration preStop,
        boolean preStopExec,
        Duration drainDelay,
        Duration shutdownTimeout) {

    static final Setting<String> NAME = Setting.string(
            "name", "gale", "Name of the Deployment, Service and PodDisruptionBudget, and their app label");
    static final Setting<String> IMAGE = Setting.string(
            "image",
            "",
            "Container image holding Java, the launcher and the application, such as registry/app:1.0; " + "required");
    static final Setting<Integer> REPLICAS = Setting.integer("replicas", 2, "Number of pods");
    static final Setting<Integer> PORT = Setting.integer("port", 8888, "Port the launcher listens on in the pod");
    static final Setting<Integer> SERVICE_PORT =
            Setting.integer("service_port", 80, "Port of the ClusterIP Service, sent on to --port");
    static final Setting<List<String>> POD_CIDR = Setting.list(
            "pod_cidr",
            List.of("10.0.0.0/8"),
            "The cluster's pod network: the proxies (ingress controllers) whose X-Forwarded-For and X-Scheme count, "
                    + "given as --xheaders --trusted_proxies");
    static final Setting<String> JAR =
            Setting.string("jar", "/app/launcher.jar", "Path of launcher.jar (or an executable WAR) in the image");
    static final Setting<String> APP =
            Setting.string("app", "", "Path of the application (WAR or directory) in the image; none: the jar's own");
    static final Setting<List<String>> JVM_OPTIONS = Setting.list(
            "jvm_options",
            List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"),
            "JVM options, comma-separated; the heap follows the container's memory limit");
    static final Setting<String> SECRET = Setting.string(
            "secret", "", "Secret holding the cookie secret, read as COOKIE_SECRET (default: NAME-cookie-secret)");
    static final Setting<String> SECRET_KEY =
            Setting.string("secret_key", "cookie_secret", "Key of the cookie secret in --secret");
    static final Setting<String> MEMORY =
            Setting.string("memory", "512Mi", "Memory limit of each pod, and its request unless --memory_request");
    static final Setting<String> MEMORY_REQUEST =
            Setting.string("memory_request", "", "Memory request of each pod (default: --memory)");
    static final Setting<String> CPU = Setting.string("cpu", "500m", "CPU request of each pod");
    static final Setting<String> CPU_LIMIT =
            Setting.string("cpu_limit", "", "CPU limit of each pod; none by default, since a limit throttles the JVM");
    static final Setting<Duration> PRE_STOP = Setting.duration(
            "pre_stop",
            Duration.ofSeconds(10),
            "Pause before SIGTERM while the endpoints, kube-proxy and ingress controllers drop the pod");
    static final Setting<Boolean> PRE_STOP_EXEC = Setting.flag(
            "pre_stop_exec",
            false,
            "Pause with exec sleep (needs a sleep binary in the image) instead of preStop.sleep (Kubernetes 1.30+)");
    static final Setting<Duration> DRAIN_DELAY = Setting.duration(
            "drain_delay",
            Duration.ZERO,
            "The pods' --drain_delay after SIGTERM: /_gale/ready answers 503 this long before the port closes; "
                    + "for balancers outside the cluster that check it (the pause already covers the cluster's own)");
    static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration(
            "shutdown_timeout", Duration.ofSeconds(10), "The pods' --shutdown_timeout for requests in flight");

    static final List<Setting<?>> ALL = List.of(
            NAME,
            IMAGE,
            REPLICAS,
            PORT,
            SERVICE_PORT,
            POD_CIDR,
            JAR,
            APP,
            JVM_OPTIONS,
            SECRET,
            SECRET_KEY,
            MEMORY,
            MEMORY_REQUEST,
            CPU,
            CPU_LIMIT,
            PRE_STOP,
            PRE_STOP_EXEC,
            DRAIN_DELAY,
            SHUTDOWN_TIMEOUT);

    /** A DNS label, as Kubernetes requires of a Service's name. */
    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    /** A quantity such as {@code 512Mi}, {@code 1G}, {@code 500m} or {@code 2}. */
    private static final String QUANTITY = "[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?";

    /**
     * Checks the values together.
     *
     * @throws IllegalArgumentException whose message starts with the option's name
     */
    static KubernetesOptions of(Options values) {
        String name = values.get(NAME);
        if (!name.matches(DNS_LABEL) || name.length() > 50) {
            throw new IllegalArgumentException("name: \"" + name
                    + "\" is not a Kubernetes name (lower-case letters, digits and -, at most 50 characters)");
        }
        String image = values.get(IMAGE);
        if (image.isEmpty()) {
            throw new IllegalArgumentException(
                    "image: give the container image that holds Java and the application, such as "
                            + "--image=registry.example.com/app:1.0");
        }
        if (!image.matches("[A-Za-z0-9._:/@\\-]+")) {
            throw new IllegalArgumentException("image: \"" + image + "\" is not an image reference");
        }
        int replicas = values.get(REPLICAS);
        if (replicas < 1 || replicas > 1000) {
            throw new IllegalArgumentException("replicas: " + replicas + " is not between 1 and 1000");
        }
        int port = port(PORT, values.get(PORT));
        int servicePort = port(SERVICE_PORT, values.get(SERVICE_PORT));
        List<String> podCidrs = values.get(POD_CIDR);
        if (podCidrs.isEmpty()) {
            throw new IllegalArgumentException("pod_cidr: give the cluster's pod network, such as 10.244.0.0/16");
        }
        try {
            TrustedProxies.parse(podCidrs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pod_cidr: " + e.getMessage(), e);
        }
        for (Setting<String> path : List.of(JAR, APP)) {
            String value = values.get(path);
            if (!value.isEmpty() && !value.matches("/[A-Za-z0-9._/\\-]+")) {
                throw new IllegalArgumentException(
                        path.name() + ": \"" + value + "\" is not an absolute path in the image");
            }
        }
        if (values.get(JAR).isEmpty()) {
            throw new IllegalArgumentException("jar: give the path of launcher.jar in the image");
        }
        List<String> jvmOptions = values.get(JVM_OPTIONS);
        for (String option : jvmOptions) {
            if (!option.matches("-[A-Za-z0-9:+=._/\\-]+")) {
                throw new IllegalArgumentException("jvm_options: \"" + option + "\" is not a JVM option");
            }
        }
        String secret = values.get(SECRET).isEmpty() ? name + "-cookie-secret" : values.get(SECRET);
        if (!secret.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException("secret: \"" + secret + "\" is not a Kubernetes name");
        }
        String secretKey = values.get(SECRET_KEY);
        if (!secretKey.matches("[-._A-Za-z0-9]{1,253}")) {
            throw new IllegalArgumentException("secret_key: \"" + secretKey + "\" is not a key of a Secret");
        }
        String memory = quantity(MEMORY, values.get(MEMORY));
        String memoryRequest =
                values.get(MEMORY_REQUEST).isEmpty() ? memory : quantity(MEMORY_REQUEST, values.get(MEMORY_REQUEST));
        String cpu = quantity(CPU, values.get(CPU));
        Optional<String> cpuLimit = values.get(CPU_LIMIT).isEmpty()
                ? Optional.empty()
                : Optional.of(quantity(CPU_LIMIT, values.get(CPU_LIMIT)));
        return new KubernetesOptions(
                name,
                image,
                replicas,
                port,
                servicePort,
                podCidrs,
                values.get(JAR),
                Optional.of(values.get(APP)).filter(app -> !app.isEmpty()),
                jvmOptions,
                secret,
                secretKey,
                memory,
                memoryRequest,
                cpu,
                cpuLimit,
                values.get(PRE_STOP),
                values.get(PRE_STOP_EXEC),
                values.get(DRAIN_DELAY),
                values.get(SHUTDOWN_TIMEOUT));
    }

    /** The container's command: Java with its options, then {@code -jar} and the jar. */
    List<String> command() {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        return command;
    }

    /** The launcher's arguments: the application, then the options every generated config passes. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        app.ifPresent(arguments::add);
        arguments.addAll(LauncherArguments.of("", true, podCidrs, Integer.toString(port), drainDelay, shutdownTimeout));
        return arguments;
    }

    /** Whole seconds of the pause before SIGTERM. */
    long preStopSeconds() {
        return LauncherArguments.secondsUp(preStop);
    }

    /** What the kubelet allows from the start of the pause to SIGKILL: the pause, the delay, the drain, and 5 s. */
    long terminationGraceSeconds() {
        return preStopSeconds() + LauncherArguments.secondsUp(drainDelay.plus(shutdownTimeout)) + 5;
    }

    private static int port(Setting<Integer> setting, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(setting.name() + ": " + port + " is not a port (1 to 65535)");
        }
        return port;
    }

    private static String quantity(Setting<String> setting, String value) {
        if (!value.matches(QUANTITY)) {
            throw new IllegalArgumentException(
                    setting.name() + ": \"" + value + "\" is not a Kubernetes quantity (such as 512Mi, 1Gi, 500m)");
        }
        return value;
    }
}
