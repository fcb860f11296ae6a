package io.tickflow.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A normalised top-of-book quote from one source. {@code eventTime} is the source's timestamp, {@code ingestTime}
 * when market-data received it. {@code last}/{@code lastSize} are set only by sources that report trades.
 */
public record Tick(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        String instrument,
        String source,
        BigDecimal bid,
        BigDecimal ask,
        BigDecimal last,
        BigDecimal lastSize) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public Tick {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "Tick");
        Checks.envelope(eventId, eventTime, ingestTime);
        checkValues(instrument, source, bid, ask, last, lastSize);
    }

    /**
     * The checks a tick's values must pass beyond its envelope (schema version, id and times present), in the
     * constructor's order. Public for a reader that stores a tick's values without building the Tick (the tick
     * store copies each record straight into a COPY row) and must refuse exactly what the constructor refuses.
     *
     * @throws InvalidEventException with the reason, as the constructor throws it
     */
    public static void checkValues(String instrument, String source, BigDecimal bid, BigDecimal ask, BigDecimal last,
            BigDecimal lastSize) {
        Checks.instrument(instrument);
        Checks.text(source, "source");
        Checks.positive(bid, "bid");
        Checks.positive(ask, "ask");
        if (ask.compareTo(bid) < 0) {
            throw new InvalidEventException("ask " + ask.toPlainString() + " is below bid " + bid.toPlainString());
        }
        Checks.optional(last, "last");
        Checks.optional(lastSize, "lastSize");
    }

    public static Tick quote(String instrument, String source, BigDecimal bid, BigDecimal ask, Instant eventTime,
            Instant ingestTime) {
        return new Tick(SCHEMA_VERSION, UUID.randomUUID(), eventTime, ingestTime, instrument, source, bid, ask, null,
                null);
    }

    /** Mid price, exact: one more decimal than the quote needs at most. */
    public BigDecimal mid() {
        return bid.add(ask).divide(BigDecimal.TWO);
    }

    public BigDecimal spread() {
        return ask.subtract(bid);
    }

    @Override
    public String partitionKey() {
        return instrument;
    }
}
