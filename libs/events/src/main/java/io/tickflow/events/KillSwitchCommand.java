package io.tickflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator's order to engage or release the kill switch of execution, e.g. from a runbook with kcat when the REST
 * endpoint is out of reach. {@code requestedBy} and {@code reason} are recorded with the change.
 */
public record KillSwitchCommand(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        boolean engaged,
        String reason,
        String requestedBy) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    /** All commands share one key: one partition, applied in the order they were sent. */
    public static final String KEY = "kill-switch";

    public KillSwitchCommand {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "KillSwitchCommand");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.text(reason, "reason");
        Checks.text(requestedBy, "requestedBy");
    }

    @Override
    public String partitionKey() {
        return KEY;
    }
}
