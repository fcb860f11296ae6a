package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Net position in one instrument after a fill or a mark. {@code netSize} is signed (negative = short);
 * P&amp;L is in {@code currency}.
 */
public record PositionSnapshot(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        String instrument,
        BigDecimal netSize,
        BigDecimal averagePrice,
        BigDecimal realizedPnl,
        BigDecimal unrealizedPnl,
        BigDecimal markPrice,
        String currency) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public PositionSnapshot {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "PositionSnapshot");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.instrument(instrument);
        Checks.exact(netSize, "netSize");
        Checks.nonNegative(averagePrice, "averagePrice");
        Checks.exact(realizedPnl, "realizedPnl");
        Checks.exact(unrealizedPnl, "unrealizedPnl");
        Checks.optional(markPrice, "markPrice");
        Checks.text(currency, "currency");
    }

    @Override
    public String partitionKey() {
        return instrument;
    }
}
