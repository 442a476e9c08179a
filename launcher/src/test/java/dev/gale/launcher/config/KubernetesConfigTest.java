package dev.gale.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code config kubernetes}: its output read by the Kubernetes API's own model, strictly (an unknown or misspelled
 * field, a duplicate key or a value of the wrong type fails), and its options checked.
 */
class KubernetesConfigTest {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** What one run printed and returned. */
    private record Run(int status, String out, String err) {}

    /** The three objects of one config, in their order. */
    private record Manifests(Deployment deployment, Service service, PodDisruptionBudget budget) {
        Container container() {
            List<Container> containers =
                    deployment.getSpec().getTemplate().getSpec().getContainers();
            assertEquals(1, containers.size());
            return containers.get(0);
        }
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("kubernetes"));
        arguments.addAll(List.of(args));
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = ConfigCommand.run(arguments, o, e);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Manifests manifests(String... args) throws Exception {
        Run run = run(args);
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        return read(run.out());
    }

    /** Reads the documents of {@code yaml} as the API types their kind names; any field the type lacks fails. */
    private static Manifests read(String yaml) throws Exception {
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            documents = iterator.readAll();
        }
        assertEquals(
                List.of("Deployment", "Service", "PodDisruptionBudget"),
                documents.stream().map(d -> d.get("kind").asString()).toList(),
                yaml);
        Deployment deployment = strict(documents.get(0), Deployment.class);
        Service service = strict(documents.get(1), Service.class);
        PodDisruptionBudget budget = strict(documents.get(2), PodDisruptionBudget.class);
        assertEquals("apps/v1", deployment.getApiVersion());
        assertEquals("v1", service.getApiVersion());
        assertEquals("policy/v1", budget.getApiVersion());
        return new Manifests(deployment, service, budget);
    }

    /**
     * {@code document} as {@code type}. The model's types keep fields they do not know in {@code additionalProperties}
     * instead of failing, so that map must be empty on every object read.
     */
    private static <T extends HasMetadata> T strict(JsonNode document, Class<T> type) throws Exception {
        T value = YAML.treeToValue(document, type);
        assertNoUnknownFields(value, type.getSimpleName());
        return value;
    }

    private static void assertNoUnknownFields(Object value, String path) throws Exception {
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                assertNoUnknownFields(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                assertNoUnknownFields(entry.getValue(), path + "." + entry.getKey());
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!getter.getName().startsWith("get")
                    || getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertTrue(((Map<?, ?>) field).isEmpty(), () -> path + " has unknown fields " + field);
            } else {
                assertNoUnknownFields(field, path + "." + getter.getName().substring(3));
            }
        }
    }

    @Test
    void theDefaultsMakeADeploymentAServiceAndADisruptionBudget() throws Exception {
        Manifests m = manifests("--image=registry.example.com/app:1.0");
        Deployment deployment = m.deployment();
        assertEquals("gale", deployment.getMetadata().getName());
        assertEquals(2, deployment.getSpec().getReplicas());
        Map<String, String> labels = deployment.getSpec().getSelector().getMatchLabels();
        assertEquals(Map.of("app.kubernetes.io/name", "gale"), labels);
        assertEquals(labels, deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals(
                new IntOrString(0),
                deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable());

        Container container = m.container();
        assertEquals("registry.example.com/app:1.0", container.getImage());
        assertEquals(
                List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/launcher.jar"),
                container.getCommand());
        assertEquals(
                List.of("--xheaders", "--trusted_proxies=10.0.0.0/8", "--port=8888", "--shutdown_timeout=10s"),
                container.getArgs());
        assertEquals(8888, container.getPorts().get(0).getContainerPort());
        assertEquals("http", container.getPorts().get(0).getName());

        EnvVar secret = container.getEnv().get(0);
        assertEquals("COOKIE_SECRET", secret.getName());
        assertNull(secret.getValue(), "the secret's value is in the manifest");
        assertEquals(
                "gale-cookie-secret", secret.getValueFrom().getSecretKeyRef().getName());
        assertEquals("cookie_secret", secret.getValueFrom().getSecretKeyRef().getKey());

        assertEquals(new Quantity("512Mi"), container.getResources().getLimits().get("memory"));
        assertEquals(
                new Quantity("512Mi"), container.getResources().getRequests().get("memory"));
        assertEquals(
                new Quantity("500m"), container.getResources().getRequests().get("cpu"));
        assertNull(container.getResources().getLimits().get("cpu"));

        Probe readiness = container.getReadinessProbe();
        assertEquals("/_gale/ready", readiness.getHttpGet().getPath());
        assertEquals(new IntOrString("http"), readiness.getHttpGet().getPort());
        Probe liveness = container.getLivenessProbe();
        assertNull(liveness.getHttpGet(), "liveness must not fail on the 503 of a stopping pod");
        assertEquals(new IntOrString("http"), liveness.getTcpSocket().getPort());
        assertTrue(liveness.getPeriodSeconds() * liveness.getFailureThreshold() > 10, "liveness fails in a drain");
        assertNotNull(container.getStartupProbe().getTcpSocket());

        assertEquals(10, container.getLifecycle().getPreStop().getSleep().getSeconds());
        assertNull(container.getLifecycle().getPreStop().getExec());
        assertTrue(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > 10 + 10);

        Service service = m.service();
        assertEquals("ClusterIP", service.getSpec().getType());
        assertEquals(labels, service.getSpec().getSelector());
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());
        assertEquals(
                new IntOrString("http"), service.getSpec().getPorts().get(0).getTargetPort());

        PodDisruptionBudget budget = m.budget();
        assertEquals(new IntOrString(1), budget.getSpec().getMaxUnavailable());
        assertEquals(labels, budget.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theOptionsReachTheObjectsAndTheGracePeriodCoversPauseDelayAndDrain() throws Exception {
        Manifests m = manifests(
                "--image=app:2",
                "--name=shop",
                "--replicas=5",
                "--port=9000",
                "--service_port=8080",
                "--app=/app/shop.war",
                "--pod_cidr=10.244.0.0/16,fd00::/64",
                "--jvm_options=-XX:MaxRAMPercentage=60",
                "--secret=shop-keys",
                "--secret_key=cookie",
                "--memory=1Gi",
                "--memory_request=768Mi",
                "--cpu=1",
                "--cpu_limit=2",
                "--pre_stop=15s",
                "--pre_stop_exec",
                "--drain_delay=5s",
                "--shutdown_timeout=30s");
        Deployment deployment = m.deployment();
        assertEquals("shop", deployment.getMetadata().getName());
        assertEquals(5, deployment.getSpec().getReplicas());
        Container container = m.container();
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=60", "-jar", "/app/launcher.jar"), container.getCommand());
        assertEquals(
                List.of(
                        "/app/shop.war",
                        "--xheaders",
                        "--trusted_proxies=10.244.0.0/16,fd00::/64",
                        "--port=9000",
                        "--drain_delay=5s",
                        "--shutdown_timeout=30s"),
                container.getArgs());
        assertEquals(
                "shop-keys",
                container.getEnv().get(0).getValueFrom().getSecretKeyRef().getName());
        assertEquals(
                "cookie",
                container.getEnv().get(0).getValueFrom().getSecretKeyRef().getKey());
        assertEquals(new Quantity("1Gi"), container.getResources().getLimits().get("memory"));
        assertEquals(
                new Quantity("768Mi"), container.getResources().getRequests().get("memory"));
        assertEquals(new Quantity("2"), container.getResources().getLimits().get("cpu"));
        assertEquals(
                List.of("sleep", "15"),
                container.getLifecycle().getPreStop().getExec().getCommand());
        assertNull(container.getLifecycle().getPreStop().getSleep());
        assertTrue(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds() > 15 + 5 + 30);
        Probe liveness = container.getLivenessProbe();
        assertTrue(liveness.getPeriodSeconds() * liveness.getFailureThreshold() > 5 + 30, "liveness fails in a drain");
        assertEquals(8080, m.service().getSpec().getPorts().get(0).getPort());
        assertEquals(9000, container.getPorts().get(0).getContainerPort());
    }

    @Test
    void aMisspelledFieldFailsTheStrictReading() throws Exception {
        String yaml = run("--image=app:1").out();
        read(yaml);
        assertThrows(AssertionError.class, () -> read(yaml.replace("readinessProbe:", "readinesProbe:")));
        assertThrows(Exception.class, () -> read(yaml.replace("replicas: 2", "replicas: two")));
        assertThrows(Exception.class, () -> read(yaml.replace("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n")));
    }

    @Test
    void valuesThatYamlWouldReadAsAnotherTypeStayStrings() throws Exception {
        Manifests m = manifests("--image=app:1", "--memory_request=1", "--cpu=0.5");
        assertEquals(
                new Quantity("1"), m.container().getResources().getRequests().get("memory"));
        assertEquals(
                new Quantity("0.5"), m.container().getResources().getRequests().get("cpu"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--replicas=2 | --image",
                "--image= | --image",
                "--image=app:1 --replicas=0 | --replicas",
                "--image=app:1 --replicas=two | --replicas",
                "--image=app:1 --pod_cidr=10.0.0.0/33 | --pod_cidr",
                "--image=app:1 --pod_cidr=pods | --pod_cidr",
                "--image=app:1 --memory=lots | --memory",
                "--image=app:1 --name=Shop_1 | --name",
                "--image=app:1 --port=70000 | --port",
                "--image=app:1 --app=shop.war | --app",
                "--image=app:1 --secret=Keys! | --secret",
                "--image=app:1 --jvm_options=-Xmx1g;rm | --jvm_options",
                "--image=app:1 --replica=2 | --replica",
            })
    void badInputExits2WithOneLineNamingTheOption(String options, String option) {
        Run run = run(options.split(" "));
        assertEquals(2, run.status(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: "), run.err());
        assertTrue(run.err().contains(option + ":") || run.err().contains(option + " "), run.err());
    }

    @Test
    void helpListsTheOptions() {
        Run run = run("--help");
        assertEquals(0, run.status());
        assertTrue(run.out().contains("--image"), run.out());
        assertTrue(run.out().contains("10.0.0.0/8"), run.out());
    }
}
