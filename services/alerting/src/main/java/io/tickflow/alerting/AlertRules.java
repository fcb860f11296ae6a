package io.tickflow.alerting;

import io.tickflow.events.Alert;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules over event streams: which events are alerts, how severe, and what counts as "the same problem"
 * (the fingerprint). Pure functions, so every rule is unit-testable without a broker.
 */
public final class AlertRules {

    static final String RUNBOOKS = "docs/runbooks.md#";

    private AlertRules() {
    }

    public static Optional<Alert> fromOrderEvent(OrderEvent e, String traceId) {
        return switch (e.status()) {
            case REJECTED -> Optional.of(alert("order-rejected", Severity.WARNING,
                    "order-rejected:" + e.instrument() + ":" + code(e.reason()),
                    e.instrument() + " order rejected by the broker: " + e.reason(),
                    Map.of("instrument", e.instrument(), "reason", code(e.reason()), "orderId",
                            e.orderId().toString()), traceId, e.eventTime()));
            case RISK_REJECTED -> Optional.of(alert("order-risk-rejected",
                    e.reason() != null && e.reason().startsWith("kill switch") ? Severity.CRITICAL : Severity.INFO,
                    "order-risk-rejected:" + e.instrument() + ":" + code(e.reason()),
                    e.instrument() + " order refused by pre-trade risk: " + e.reason(),
                    Map.of("instrument", e.instrument(), "reason", code(e.reason())), traceId, e.eventTime()));
            case UNKNOWN -> Optional.of(alert("order-unknown", Severity.CRITICAL,
                    "order-unknown:" + e.orderId(),
                    e.instrument() + " order " + e.orderId() + " has an unknown outcome at the broker: " + e.reason(),
                    Map.of("instrument", e.instrument(), "orderId", e.orderId().toString()), traceId,
                    e.eventTime()));
            default -> Optional.empty();
        };
    }

    public static Alert fromDeadLetter(String deadLetterTopic, String originalTopic, String reason, String traceId) {
        return alert("dead-letter", Severity.WARNING, "dead-letter:" + originalTopic,
                "a record on " + originalTopic + " was dead-lettered to " + deadLetterTopic + ": " + reason,
                Map.of("topic", originalTopic), traceId, Instant.now());
    }

    private static Alert alert(String rule, Severity severity, String fingerprint, String summary,
            Map<String, String> labels, String traceId, Instant at) {
        return new Alert(Alert.SCHEMA_VERSION, UUID.randomUUID(), at, Instant.now(), rule, severity, fingerprint,
                summary, labels, traceId, RUNBOOKS + rule);
    }

    /** The stable part of a reason (before the first ':'), so "MARKET_CLOSED: ..." variants group together. */
    static String code(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unspecified";
        }
        int cut = reason.indexOf(':');
        return (cut > 0 ? reason.substring(0, cut) : reason).trim();
    }
}
