package io.tickflow.messaging;

import io.tickflow.events.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Resolves a topic's name in this deployment: {@code tickflow.topic-prefix} (empty in production) + the name. */
@ApplicationScoped
public class TopicNames {

    private final String prefix;

    public TopicNames(@ConfigProperty(name = "tickflow.topic-prefix", defaultValue = "") String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String name(Topic topic) {
        return prefix + topic.topicName();
    }
}
