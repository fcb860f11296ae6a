package io.tickflow.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.Alert;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.Topic;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@link AlertRules} to order events, market-data source events and every dead-letter topic, and records what
 * they raise.
 */
@ApplicationScoped
public class AlertConsumers {

    private final AlertRepository alerts;
    private final AlertingOutbox outbox;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;

    @Inject
    public AlertConsumers(AlertRepository alerts, AlertingOutbox outbox, DeadLetters deadLetters,
            MeterRegistry registry) {
        this.alerts = alerts;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.registry = registry;
    }

    @Incoming("order-events")
    public Uni<Void> onOrderEvent(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, OrderEvent.class).onItem().ifNotNull().transformToUni(
                e -> AlertRules.fromOrderEvent(e, Traces.currentTraceId()).map(this::raise)
                        .orElse(Uni.createFrom().voidItem()));
    }

    /** Market-data source health: failovers and gaps raise alerts, switch-backs and gap ends resolve them. */
    @Incoming("source-events")
    public Uni<Void> onSourceEvent(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, SourceEvent.class).onItem().ifNotNull().transformToUni(e -> switch (
                AlertRules.fromSourceEvent(e, Traces.currentTraceId())) {
            case AlertRules.SourceVerdict.Raise raise -> raise(raise.alert());
            case AlertRules.SourceVerdict.Resolve resolve -> alerts.resolveByFingerprint(resolve.fingerprint())
                    .replaceWithVoid();
            case AlertRules.SourceVerdict.Ignore ignore -> Uni.createFrom().voidItem();
        });
    }

    /** Every {@code *.dlq} topic: the payload is by definition not a valid event, so only headers are read. */
    @Incoming("dead-lettered")
    public Uni<Void> onDeadLetter(ConsumerRecord<String, String> record) {
        String original = header(record, EventHeaders.DEAD_LETTER_TOPIC);
        if (original == null) {
            original = record.topic().substring(0, record.topic().length() - Topic.DLQ_SUFFIX.length());
        }
        String reason = header(record, EventHeaders.DEAD_LETTER_REASON);
        return raise(AlertRules.fromDeadLetter(record.topic(), original, reason == null ? "no reason given" : reason,
                Traces.currentTraceId()));
    }

    /** Records an alert from any rule or source, publishing it once per open fingerprint. */
    public Uni<Void> raise(Alert alert) {
        return alerts.record(alert).invoke(opened -> {
            registry.counter("tickflow_alerts_total", "rule", alert.ruleId(), "severity", alert.severity().name(),
                    "deduplicated", Boolean.toString(!opened)).increment();
            if (opened) {
                outbox.wakeUp();
            }
        }).replaceWithVoid();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
