package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A request to trade, from an operator or a tool (kcat, a notebook). Execution runs it through pre-trade risk like
 * any order it derives from a signal. {@code orderId} is chosen by the requester and makes the request idempotent:
 * a second intent with the same id is ignored.
 */
public record OrderIntent(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        UUID orderId,
        String instrument,
        Side side,
        BigDecimal size,
        OrderType type,
        String strategyId,
        UUID signalEventId) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public OrderIntent {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "OrderIntent");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.required(orderId, "orderId");
        Checks.instrument(instrument);
        Checks.required(side, "side");
        Checks.positive(size, "size");
        Checks.required(type, "type");
        Checks.text(strategyId, "strategyId");
    }

    @Override
    public String partitionKey() {
        return orderId.toString();
    }
}
