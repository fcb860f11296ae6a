package io.tickflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.events.Topic;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every channel of every service names a topic that {@link Topic} defines (or its DLQ), every incoming channel
 * dead-letters to its own topic's DLQ, and every topic has a producer and a consumer among the services. A plain
 * consumer's topic ({@code tickflow.<consumer>.topic}) must be a registered one too.
 */
class TopicConfigurationTest {

    private static final String PREFIX = "${tickflow.topic-prefix:}";

    @Test
    void channelsUseOnlyRegisteredTopicsAndTheirOwnDeadLetterTopics() throws IOException {
        Set<String> known = new HashSet<>();
        for (Topic t : Topic.values()) {
            known.add(t.topicName());
            known.add(t.deadLetterTopic());
        }
        Set<String> produced = new HashSet<>();
        Set<String> consumed = new HashSet<>();
        try (Stream<Path> files = Files.list(root().resolve("services"))) {
            for (Path service : files.toList()) {
                Path props = service.resolve("src/main/resources/application.properties");
                if (!Files.exists(props) || service.endsWith("capital-sim")) {
                    continue;
                }
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(props)) {
                    p.load(r);
                }
                for (String key : p.stringPropertyNames()) {
                    // a plain Kafka consumer outside SmallRye (market-data's tick store) names its topic as
                    // tickflow.<consumer>.topic: the same rules, no channel options
                    boolean plainConsumer = key.matches("tickflow\\.[a-z-]+\\.topic");
                    if (!plainConsumer && !key.matches("mp\\.messaging\\.(incoming|outgoing)\\.[a-z-]+\\.topic")) {
                        continue;
                    }
                    String channel = plainConsumer ? null : key.split("\\.")[3];
                    String value = p.getProperty(key);
                    assertThat(value).as("%s %s", service.getFileName(), key).startsWith(PREFIX);
                    String topic = value.substring(PREFIX.length());
                    boolean incoming = plainConsumer || key.startsWith("mp.messaging.incoming.");
                    if (!plainConsumer
                            && "true".equals(p.getProperty("mp.messaging.incoming." + channel + ".pattern"))) {
                        assertThat(Topic.values()).as("pattern %s matches every DLQ", topic)
                                .allMatch(t -> t.deadLetterTopic().matches(topic));
                        continue;
                    }
                    if ("dead-letters".equals(channel) || "outbox".equals(channel)) {
                        continue; // the topic is set per record; the default is never used
                    }
                    assertThat(known).as("%s %s names an unregistered topic", service.getFileName(), key)
                            .contains(topic);
                    (incoming ? consumed : produced).add(topic);
                    if (incoming && !plainConsumer) {
                        assertThat(p.getProperty("mp.messaging.incoming." + channel + ".dead-letter-queue.topic"))
                                .as("%s %s dead-letter topic", service.getFileName(), channel)
                                .isEqualTo(PREFIX + topic + Topic.DLQ_SUFFIX);
                    }
                }
            }
        }
        assertThat(consumed).contains(Topic.TICKS.topicName(), Topic.SIGNALS.topicName(),
                Topic.ORDER_INTENTS.topicName(), Topic.ORDER_EVENTS.topicName(), Topic.BACKTEST_JOBS.topicName());
        assertThat(produced).contains(Topic.TICKS.topicName(), Topic.SIGNALS.topicName());
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("services"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
