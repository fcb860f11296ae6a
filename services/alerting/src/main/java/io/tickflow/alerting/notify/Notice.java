package io.tickflow.alerting.notify;

import io.tickflow.events.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One notification to deliver: a row of {@code alerting.notifications} joined with its alert as it is now. The
 * headline follows {@link #kind()} (a FIRING notice delivered late still says FIRING), the details show the alert's
 * current state.
 */
public record Notice(long id, String channel, Kind kind, int attempt, UUID alertId, String fingerprint,
        String ruleId, Severity severity, String summary, Map<String, Object> labels, String traceId,
        String traceUrl, String runbookUrl, String status, long occurrences, Instant firstSeen, Instant lastSeen,
        Instant resolvedAt, String acknowledgedBy, Duration ackTimeout) {

    public enum Kind {
        /** The alert opened (or, held back by throttling, is still open when its window ended). */
        FIRING,
        /** The alert was resolved (sent to every channel that got its FIRING or ESCALATION notice). */
        RESOLVED,
        /** A CRITICAL alert was not acknowledged within the ack timeout (sent once, to the escalation channels). */
        ESCALATION
    }

    public Notice {
        labels = labels == null ? Map.of() : labels;
    }

    /** Stable across retries and restarts: receivers of the generic webhook de-duplicate on it. */
    public String idempotencyKey() {
        return alertId + ":" + kind;
    }
}
