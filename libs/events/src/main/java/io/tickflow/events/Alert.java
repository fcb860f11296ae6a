package io.tickflow.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An alert raised by the alerting service. {@code fingerprint} identifies "the same problem": notifications are
 * de-duplicated on it. {@code traceId} links to the trace of the event that caused it, when there is one.
 */
public record Alert(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        String ruleId,
        Severity severity,
        String fingerprint,
        String summary,
        Map<String, String> labels,
        String traceId,
        String runbookUrl) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public Alert {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "Alert");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.text(ruleId, "ruleId");
        Checks.required(severity, "severity");
        Checks.text(fingerprint, "fingerprint");
        Checks.text(summary, "summary");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    @Override
    public String partitionKey() {
        return fingerprint;
    }
}
