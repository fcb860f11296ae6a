package io.tickflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.tickflow.deploy.support.Rendered;
import io.tickflow.deploy.support.Renders;
import io.tickflow.deploy.support.Repo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The topic list that docker compose's kafka-init and the Kubernetes Job create is Topic.java's (the single
 * source, libs/events), the Helm chart carries an identical copy of list and script, and every render mounts it.
 */
class KafkaTopicsTest {

    private static final String LIST = "deploy/k8s/base/kafka-topics/topics.txt";
    private static final String SCRIPT = "deploy/k8s/base/kafka-topics/create-topics.sh";

    /** name -> partitions, parsed from Topic.java the way scripts/stack.sh does. */
    static Map<String, Integer> fromTopicJava() {
        String source = Repo.read("libs/events/src/main/java/io/tickflow/events/Topic.java");
        Matcher m = Pattern.compile("\"(tickflow\\.[a-z.-]+\\.v[0-9]+)\", [A-Za-z]+\\.class, Key\\.[A-Z_]+, ([0-9]+)")
                .matcher(source);
        Map<String, Integer> topics = new LinkedHashMap<>();
        while (m.find()) {
            topics.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return topics;
    }

    static Map<String, Integer> fromList(String text) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            topics.put(parts[0], Integer.parseInt(parts[1]));
        }
        return topics;
    }

    @Test
    void theListIsTopicJava() {
        Map<String, Integer> expected = fromTopicJava();
        assertFalse(expected.isEmpty(), "no topics found in Topic.java: has its format changed?");
        assertEquals(expected, fromList(Repo.read(LIST)),
                LIST + " differs from libs/events/.../Topic.java (name and partitions)");
    }

    @Test
    void theHelmChartCarriesIdenticalCopies() {
        assertEquals(Repo.read(LIST), Repo.read("deploy/helm/tickflow/files/topics.txt"),
                "copy " + LIST + " to deploy/helm/tickflow/files/topics.txt");
        assertEquals(Repo.read(SCRIPT), Repo.read("deploy/helm/tickflow/files/create-topics.sh"),
                "copy " + SCRIPT + " to deploy/helm/tickflow/files/create-topics.sh");
    }

    @Test
    void composeMountsTheSameFiles() {
        String compose = Repo.read("docker-compose.yml");
        assertTrue(compose.contains("./deploy/k8s/base/kafka-topics:/opt/tickflow:ro"),
                "kafka-init must mount deploy/k8s/base/kafka-topics");
    }

    static Stream<String> renders() {
        return Renders.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyRenderShipsTheListAndScript(String name) {
        Rendered r = Renders.get(name);
        ConfigMap cm = r.all(ConfigMap.class).stream()
                .filter(c -> KubernetesManifestsTest.stripHash(c.getMetadata().getName()).equals("kafka-topics"))
                .findFirst().orElseThrow(() -> new AssertionError(name + ": no kafka-topics ConfigMap"));
        assertEquals(Repo.read(LIST), cm.getData().get("topics.txt"), name + ": topics.txt");
        assertEquals(Repo.read(SCRIPT), cm.getData().get("create-topics.sh"), name + ": create-topics.sh");
    }
}
