package io.tickflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator's order to engage or release the kill switch of execution, e.g. from a runbook with kcat when the REST
 * endpoint is out of reach. {@code requestedBy} and {@code reason} are recorded with the change. {@code flatten}
 * (optional, default false) also closes every open broker position when engaging; added in schema version 1 as an
 * optional field, so older producers stay valid.
 */
public record KillSwitchCommand(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        boolean engaged,
        String reason,
        String requestedBy,
        Boolean flatten) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    /** All commands share one key: one partition, applied in the order they were sent. */
    public static final String KEY = "kill-switch";

    public KillSwitchCommand {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "KillSwitchCommand");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.text(reason, "reason");
        Checks.text(requestedBy, "requestedBy");
        if (flatten == null) {
            flatten = Boolean.FALSE; // optional on the wire: absent means only stop new orders
        }
    }

    /** A command that only engages or releases, as before {@code flatten} existed. */
    public static KillSwitchCommand of(UUID eventId, Instant at, boolean engaged, String reason, String requestedBy) {
        return new KillSwitchCommand(SCHEMA_VERSION, eventId, at, at, engaged, reason, requestedBy, Boolean.FALSE);
    }

    @Override
    public String partitionKey() {
        return KEY;
    }
}
