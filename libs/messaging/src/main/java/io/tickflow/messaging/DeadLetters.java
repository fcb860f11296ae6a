package io.tickflow.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tickflow.events.EventCodec;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Topic;
import io.tickflow.events.TickflowEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.jboss.logging.Logger;

/**
 * Validates consumed records and routes the ones that are not valid events to {@code <topic>.dlq}, with the reason
 * and the record's origin in headers (SmallRye's dead-letter header names), so a bad record never blocks its
 * partition and is never lost. The original record is acknowledged only after the dead-letter write succeeded.
 *
 * <p>Each service declares the outgoing channel {@value #CHANNEL} in application.properties.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<String> emitter;
    private final MeterRegistry registry;
    private final String topicPrefix;

    @Inject
    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<String> emitter, MeterRegistry registry, TopicNames topics) {
        this.emitter = emitter;
        this.registry = registry;
        this.topicPrefix = topics.prefix();
    }

    /**
     * Decodes {@code record} as {@code type}. A valid event is the item; an invalid one is dead-lettered and the
     * item is null, so callers write {@code decode(r, T.class).onItem().ifNotNull().transformToUni(...)}.
     */
    public <T extends TickflowEvent> Uni<T> decode(ConsumerRecord<String, String> record, Class<T> type) {
        try {
            return Uni.createFrom().item(EventCodec.decode(record.value(), type));
        } catch (InvalidEventException e) {
            return send(record, e.getMessage()).replaceWith((T) null);
        }
    }

    /** Writes {@code record} unchanged to its topic's dead-letter topic with {@code reason}. */
    public Uni<Void> send(ConsumerRecord<String, String> record, String reason) {
        String dlq = record.topic() + Topic.DLQ_SUFFIX;
        String logical = record.topic().startsWith(topicPrefix)
                ? record.topic().substring(topicPrefix.length()) : record.topic();
        LOG.warnf("dead-lettering %s[%d]@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        registry.counter("tickflow_dead_letters_total", "topic", logical).increment();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(EventHeaders.DEAD_LETTER_REASON, utf8(reason));
        headers.add(EventHeaders.DEAD_LETTER_TOPIC, utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(dlq).withKey(record.key()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(record.value() == null ? "" : record.value()).addMetadata(meta));
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
