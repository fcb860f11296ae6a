package io.tickflow.marketdata.sources;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.Topic;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.RejectedInput;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.messaging.TopicNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Input a source sent that cannot become a valid tick (malformed frames, NaN or negative prices, crossed quotes,
 * timestamps out of range, unknown symbols): counted per source and reason in
 * {@code tickflow_market_data_rejected_quotes_total{source,reason}} and written to the ticks topic's dead-letter topic
 * with the reason, the source and the offending input. Never blocking and never throwing: the connector and the merged
 * feed go on with the next input whatever happens here.
 */
@ApplicationScoped
public class SourceRejects {

    /** Header naming the source the rejected input came from. */
    public static final String SOURCE_HEADER = "tickflow-source";
    private static final Logger LOG = Logger.getLogger(SourceRejects.class);

    private final MutinyEmitter<String> deadLetters;
    private final MeterRegistry registry;
    private final String ticksTopic;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public SourceRejects(@Channel(DeadLetters.CHANNEL) MutinyEmitter<String> deadLetters, TopicNames topics,
            MeterRegistry registry) {
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.ticksTopic = topics.name(Topic.TICKS);
    }

    /** Registers the counters of {@code source}, one per reason, so they are exported before the first reject. */
    public void register(String source) {
        for (RejectReason reason : RejectReason.values()) {
            counter(source, reason);
        }
    }

    /** A piece of input a market-sources connector dropped. */
    public void reject(RejectedInput rejected) {
        reject(rejected.source(), rejected.reason(), rejected.detail(), rejected.input(), rejected.source());
    }

    /**
     * @param key the record key: the instrument when known, else the source
     */
    public void reject(String source, RejectReason reason, String detail, String input, String key) {
        try {
            counter(source, reason).increment();
            registry.counter("tickflow_dead_letters_total", "topic", Topic.TICKS.topicName()).increment();
            String why = source + " " + reason + ": " + detail;
            RecordHeaders headers = new RecordHeaders();
            headers.add(EventHeaders.DEAD_LETTER_REASON, utf8(why));
            headers.add(EventHeaders.DEAD_LETTER_TOPIC, utf8(ticksTopic));
            headers.add(SOURCE_HEADER, utf8(source));
            OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(ticksTopic + Topic.DLQ_SUFFIX).withKey(key).withHeaders(headers).build();
            deadLetters.sendMessage(Message.of(input == null ? "" : input).addMetadata(meta))
                    .subscribe().with(ok -> { }, failure -> LOG.errorf("dead letter of %s input not written (%s): %s",
                            source, why, failure.toString()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not dead-letter %s input (%s)", source, reason);
        }
    }

    private Counter counter(String source, RejectReason reason) {
        return counters.computeIfAbsent(source + '|' + reason, k -> Counter.builder(
                        "tickflow_market_data_rejected_quotes_total")
                .description("Input from a source that could not become a valid tick, dead-lettered")
                .tags("source", source, "reason", reason.name()).register(registry));
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
