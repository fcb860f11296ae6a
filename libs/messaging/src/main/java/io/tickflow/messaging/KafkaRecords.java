package io.tickflow.messaging;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tickflow.events.EventCodec;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.TickflowEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Builds outgoing Kafka messages for events: JSON payload, the topic's key, and the event-type header. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    public static Message<String> message(TickflowEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.EVENT_TYPE, event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.SCHEMA_VERSION,
                Integer.toString(event.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        return Message.of(EventCodec.encode(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.partitionKey()).withHeaders(headers).build());
    }
}
