package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An execution confirmed by the broker. {@code reconciliation} is true when Tickflow learnt of it by reconciling
 * with the broker rather than from the order's own confirmation.
 */
public record Fill(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        UUID orderId,
        String dealId,
        String instrument,
        Side side,
        BigDecimal size,
        BigDecimal price,
        BigDecimal commission,
        boolean reconciliation) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public Fill {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "Fill");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.required(orderId, "orderId");
        Checks.text(dealId, "dealId");
        Checks.instrument(instrument);
        Checks.required(side, "side");
        Checks.positive(size, "size");
        Checks.positive(price, "price");
        Checks.nonNegative(commission, "commission");
    }

    @Override
    public String partitionKey() {
        return orderId.toString();
    }
}
