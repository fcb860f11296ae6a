package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * OHLC of the mid price over [openTime, openTime + resolution). {@code eventTime} is the bar's close time.
 * {@code bidClose}/{@code askClose} are set where the source has them.
 */
public record Bar(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        String instrument,
        String source,
        BarResolution resolution,
        Instant openTime,
        BigDecimal open,
        BigDecimal high,
        BigDecimal low,
        BigDecimal close,
        BigDecimal bidClose,
        BigDecimal askClose,
        long tickCount) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public Bar {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "Bar");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.instrument(instrument);
        Checks.text(source, "source");
        Checks.required(resolution, "resolution");
        Checks.required(openTime, "openTime");
        Checks.positive(open, "open");
        Checks.positive(high, "high");
        Checks.positive(low, "low");
        Checks.positive(close, "close");
        Checks.optional(bidClose, "bidClose");
        Checks.optional(askClose, "askClose");
        if (low.compareTo(high) > 0 || open.compareTo(high) > 0 || close.compareTo(high) > 0
                || open.compareTo(low) < 0 || close.compareTo(low) < 0) {
            throw new InvalidEventException("bar prices are inconsistent: O=" + open + " H=" + high + " L=" + low
                    + " C=" + close);
        }
        if (tickCount < 0) {
            throw new InvalidEventException("tickCount must not be negative");
        }
    }

    @Override
    public String partitionKey() {
        return instrument;
    }
}
