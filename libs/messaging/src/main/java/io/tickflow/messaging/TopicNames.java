package io.tickflow.messaging;

import io.tickflow.events.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Resolves a topic's name in this deployment: {@code tickflow.topic-prefix} (empty in production) + the name. */
@ApplicationScoped
public class TopicNames {

    private final String prefix;

    /** Optional, not defaultValue = "": MicroProfile Config treats an empty value as missing. */
    public TopicNames(@ConfigProperty(name = "tickflow.topic-prefix") Optional<String> prefix) {
        this.prefix = prefix.orElse("");
    }

    public String prefix() {
        return prefix;
    }

    public String name(Topic topic) {
        return prefix + topic.topicName();
    }
}
