package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One state change of an order, published through execution's outbox in the order it was committed.
 * {@code sequence} starts at 1 per order and has no gaps, so a consumer can detect a missed change.
 */
public record OrderEvent(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        UUID orderId,
        long sequence,
        OrderStatus status,
        OrderStatus previousStatus,
        String instrument,
        Side side,
        BigDecimal size,
        String strategyId,
        String dealReference,
        String dealId,
        String reason) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderEvent {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "OrderEvent");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.required(orderId, "orderId");
        if (sequence < 1) {
            throw new InvalidEventException("sequence must start at 1, was " + sequence);
        }
        Checks.required(status, "status");
        Checks.instrument(instrument);
        Checks.required(side, "side");
        Checks.positive(size, "size");
        Checks.text(strategyId, "strategyId");
    }

    @Override
    public String partitionKey() {
        return orderId.toString();
    }
}
