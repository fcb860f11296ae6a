package io.tickflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/topics.md is the users' contract: every topic has a section with its key, producers, consumers and an example
 * payload. This test fails when a topic is missing there or an example no longer decodes into the code's record.
 */
class TopicsDocumentationTest {

    private static final Pattern SECTION = Pattern.compile("(?m)^### `([a-z0-9.\\-]+)`\\s*$");
    private static final Pattern EXAMPLE = Pattern.compile("(?s)```json\\s*(\\{.*?})\\s*```");

    @Test
    void everyTopicIsDocumentedWithAnExampleThatDecodes() throws IOException {
        Map<String, String> sections = sections(Files.readString(docs()));

        for (Topic topic : Topic.values()) {
            String section = sections.get(topic.topicName());
            assertThat(section).as("docs/topics.md section for %s", topic.topicName()).isNotNull();
            assertThat(section).as("key of %s", topic.topicName()).contains("Key: " + topic.key().description());
            assertThat(section).as("DLQ of %s", topic.topicName()).contains(topic.deadLetterTopic());
            assertThat(section).contains("Producers: " + topic.producers())
                    .contains("Consumers: " + topic.consumers());
            Matcher example = EXAMPLE.matcher(section);
            assertThat(example.find()).as("example of %s", topic.topicName()).isTrue();
            do { // every example of the section, not only the first
                TickflowEvent decoded = EventCodec.decode(example.group(1), topic.eventType());
                // re-encoding must not lose a field the example shows
                assertThat(EventCodec.decode(EventCodec.encode(decoded), topic.eventType())).isEqualTo(decoded);
            } while (example.find());
        }
        assertThat(sections.keySet()).as("documented topics that the code does not define")
                .allMatch(name -> Topic.byName(name).isPresent());
    }

    private static Map<String, String> sections(String markdown) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(markdown);
        String name = null;
        int start = 0;
        while (m.find()) {
            if (name != null) {
                out.put(name, markdown.substring(start, m.start()));
            }
            name = m.group(1);
            start = m.end();
        }
        if (name != null) {
            int end = markdown.indexOf("\n## ", start);
            out.put(name, markdown.substring(start, end < 0 ? markdown.length() : end));
        }
        return out;
    }

    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/topics.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/topics.md above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir.resolve("docs/topics.md");
    }
}
