package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * OHLC of the mid price over [openTime, openTime + resolution). {@code eventTime} is the bar's close time.
 * {@code bidClose}/{@code askClose} and the bid and ask OHLC ({@code bidOpen}, {@code bidHigh}, {@code bidLow},
 * {@code askOpen}, {@code askHigh}, {@code askLow}) are set where the source has them (Capital.com's bars, market-data's
 * aggregator) and null where it has not (Polygon's and Alpha Vantage's trade bars). The bid/ask OHLC fields were added
 * to schema version 1 as optional fields: events without them still decode.
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
        long tickCount,
        BigDecimal bidOpen,
        BigDecimal bidHigh,
        BigDecimal bidLow,
        BigDecimal askOpen,
        BigDecimal askHigh,
        BigDecimal askLow) implements TickflowEvent {

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
        side("bid", bidOpen, bidHigh, bidLow, bidClose);
        side("ask", askOpen, askHigh, askLow, askClose);
    }

    /** A bar without bid/ask OHLC (only the closes, where the source has them), as before those fields existed. */
    public Bar(int schemaVersion, UUID eventId, Instant eventTime, Instant ingestTime, String instrument, String source,
            BarResolution resolution, Instant openTime, BigDecimal open, BigDecimal high, BigDecimal low,
            BigDecimal close, BigDecimal bidClose, BigDecimal askClose, long tickCount) {
        this(schemaVersion, eventId, eventTime, ingestTime, instrument, source, resolution, openTime, open, high, low,
                close, bidClose, askClose, tickCount, null, null, null, null, null, null);
    }

    /** Whether the bar carries the full bid and ask OHLC. */
    public boolean hasBidAsk() {
        return bidOpen != null && bidHigh != null && bidLow != null && bidClose != null && askOpen != null
                && askHigh != null && askLow != null && askClose != null;
    }

    /** One side's OHLC: each price optional and positive; when open, high and low are all set, they must agree. */
    private static void side(String side, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {
        Checks.optional(open, side + "Open");
        Checks.optional(high, side + "High");
        Checks.optional(low, side + "Low");
        if (open == null && high == null && low == null) {
            return;
        }
        if (open == null || high == null || low == null || close == null) {
            throw new InvalidEventException(side + " OHLC is incomplete: all of " + side + "Open, " + side + "High, "
                    + side + "Low and " + side + "Close, or none of the first three");
        }
        if (low.compareTo(high) > 0 || open.compareTo(high) > 0 || close.compareTo(high) > 0
                || open.compareTo(low) < 0 || close.compareTo(low) < 0) {
            throw new InvalidEventException(side + " prices are inconsistent: O=" + open + " H=" + high + " L=" + low
                    + " C=" + close);
        }
    }

    @Override
    public String partitionKey() {
        return instrument;
    }
}
