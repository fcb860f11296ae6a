package io.tickflow.alerting;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tickflow.alerting.notify.NotifyConfig;
import io.tickflow.events.Alert;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.Topic;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.messaging.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies {@link AlertRules} to order events, market-data source events and every dead-letter topic, and records what
 * they raise.
 */
@ApplicationScoped
public class AlertConsumers {

    private static final Logger LOG = Logger.getLogger(AlertConsumers.class);

    private final AlertRepository alerts;
    private final AlertingOutbox outbox;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final RejectBursts rejectBursts;
    private final PendingGaps pendingGaps;
    private ScheduledExecutorService gapTicker;

    @Inject
    public AlertConsumers(AlertRepository alerts, AlertingOutbox outbox, DeadLetters deadLetters,
            MeterRegistry registry, NotifyConfig config) {
        this.alerts = alerts;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.rejectBursts = new RejectBursts(config.rejectBurst().window(), config.rejectBurst().count());
        this.pendingGaps = new PendingGaps(config.gapGrace());
    }

    /** Raises the gaps still open after their grace, once a second. */
    void start(@Observes StartupEvent event) {
        gapTicker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gap-grace-ticker");
            t.setDaemon(true);
            return t;
        });
        gapTicker.scheduleWithFixedDelay(this::raiseDueGaps, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (gapTicker != null) {
            gapTicker.shutdownNow();
        }
    }

    private void raiseDueGaps() {
        for (Alert gap : pendingGaps.due(Instant.now())) {
            raise(gap).chain(() -> pendingGaps.raised(gap.fingerprint())
                            ? alerts.resolveByFingerprint(gap.fingerprint()).replaceWithVoid()
                            : Uni.createFrom().voidItem())
                    .subscribe().with(ok -> { }, e -> {
                        LOG.warnf("raising %s failed, retried on the next tick: %s", gap.fingerprint(), e.toString());
                        pendingGaps.failed(gap);
                    });
        }
    }

    @Incoming("order-events")
    public Uni<Void> onOrderEvent(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, OrderEvent.class).onItem().ifNotNull().transformToUni(
                e -> orderAlert(rejectBursts, e, Traces.currentTraceId()).map(this::raise)
                        .orElse(Uni.createFrom().voidItem()));
    }

    /**
     * A source alert to raise now, or none: a gap waits for its grace in {@code gaps} (unless the grace is zero).
     * Shared with the alert-quality replay, like {@link #orderAlert}.
     */
    public static Optional<Alert> sourceAlert(PendingGaps gaps, Alert alert) {
        if (alert.ruleId().equals(AlertRules.GAP_RULE) && !gaps.grace().isZero()) {
            gaps.hold(alert);
            return Optional.empty();
        }
        return Optional.of(alert);
    }

    /** Every order rule, stateless and burst: the one dispatch the consumer and the alert-quality replay share. */
    public static Optional<Alert> orderAlert(RejectBursts bursts, OrderEvent e, String traceId) {
        return AlertRules.fromOrderEvent(e, traceId).or(() -> bursts.onOrderEvent(e, traceId));
    }

    /** Market-data source health: failovers and gaps raise alerts, switch-backs and gap ends resolve them. */
    @Incoming("source-events")
    public Uni<Void> onSourceEvent(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, SourceEvent.class).onItem().ifNotNull().transformToUni(e -> switch (
                AlertRules.fromSourceEvent(e, Traces.currentTraceId())) {
            case AlertRules.SourceVerdict.Raise raise -> sourceAlert(pendingGaps, raise.alert())
                    .map(this::raise).orElse(Uni.createFrom().voidItem());
            case AlertRules.SourceVerdict.Resolve resolve -> {
                pendingGaps.ended(resolve.fingerprint());
                yield alerts.resolveByFingerprint(resolve.fingerprint()).replaceWithVoid();
            }
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
