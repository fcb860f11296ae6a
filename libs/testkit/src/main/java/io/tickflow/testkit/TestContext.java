package io.tickflow.testkit;

import io.tickflow.events.Topic;

/**
 * What one test class got from {@link TickflowTestResource}: its topic prefix, its database and a Kafka client that
 * knows both. Inject it into a test with a field annotated {@link InjectTestContext}.
 */
public record TestContext(String topicPrefix, TestPostgres.Database database, String bootstrapServers) {

    public String topic(Topic topic) {
        return topicPrefix + topic.topicName();
    }

    public String deadLetterTopic(Topic topic) {
        return topicPrefix + topic.deadLetterTopic();
    }

    public KafkaTestClient kafka() {
        return new KafkaTestClient(bootstrapServers, topicPrefix);
    }
}
