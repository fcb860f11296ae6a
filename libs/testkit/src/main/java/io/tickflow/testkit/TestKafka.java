package io.tickflow.testkit;

import io.tickflow.events.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real Kafka broker (KRaft, combined broker+controller) per test JVM, started on first use and closed when the
 * JVM exits. Set {@code TICKFLOW_TEST_KAFKA_BOOTSTRAP} to run the tests against a broker of your own instead.
 */
public final class TestKafka {

    private static volatile String bootstrapServers;
    private static KafkaClusterTestKit cluster;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrapServers != null) {
            return bootstrapServers;
        }
        String external = System.getenv("TICKFLOW_TEST_KAFKA_BOOTSTRAP");
        if (external != null && !external.isBlank()) {
            bootstrapServers = external;
            return bootstrapServers;
        }
        // A broker fault (e.g. while several test brokers shut down together at JVM exit) calls Kafka's Exit, whose
        // default is System.exit/halt: that would turn a green test run into a failed fork. Report it instead.
        org.apache.kafka.common.utils.Exit.setExitProcedure((code, message) -> System.err.println(
                "test Kafka broker asked to exit(" + code + "): " + message + " (ignored in tests)"));
        org.apache.kafka.common.utils.Exit.setHaltProcedure((code, message) -> System.err.println(
                "test Kafka broker asked to halt(" + code + "): " + message + " (ignored in tests)"));
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            bootstrapServers = cluster.bootstrapServers();
            Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::close, "test-kafka-shutdown"));
            return bootstrapServers;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
        }
    }

    /** Creates every Tickflow topic and its dead-letter topic under {@code prefix}. */
    public static void createTopics(String prefix) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic t : Topic.values()) {
            // fewer partitions than production: same ordering semantics per key, much less broker work per class
            topics.add(new NewTopic(prefix + t.topicName(), Math.min(t.partitions(), 2), (short) 1));
            topics.add(new NewTopic(prefix + t.deadLetterTopic(), 1, (short) 1));
        }
        createTopics(topics);
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public static void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + topics, e);
        }
    }

    public static Admin admin() {
        Properties p = new Properties();
        p.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        return Admin.create(p);
    }

    private static synchronized void close() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // JVM is exiting; the broker's temp dirs go with it
            }
            cluster = null;
        }
    }
}
