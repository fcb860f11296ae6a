package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A strategy's decision. {@code eventTime} is the time of the market event that caused it (so live and backtest
 * signals compare equal), {@code triggerEventId} that event's id, {@code referencePrice} the mid price it saw.
 */
public record Signal(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        String strategyId,
        String instrument,
        SignalDirection direction,
        BigDecimal referencePrice,
        UUID triggerEventId,
        String reason) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public Signal {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "Signal");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.text(strategyId, "strategyId");
        Checks.instrument(instrument);
        Checks.required(direction, "direction");
        Checks.positive(referencePrice, "referencePrice");
        Checks.required(triggerEventId, "triggerEventId");
    }

    @Override
    public String partitionKey() {
        return instrument;
    }
}
