package io.tickflow.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A change in the health of an instrument's market-data sources or of its merged feed: a source going stale or
 * recovering, a failover or switch back between sources, a gap in the merged feed and its end. market-data publishes
 * one per change; alerting turns them into alerts.
 *
 * <p>{@code eventTime} is when market-data detected the change. {@code source} is the source the event is about: the
 * stale or recovered source, the source switched to ({@code toSource}) for switches and {@link SourceEventKind#GAP_ENDED},
 * and the source that was active when data stopped for {@link SourceEventKind#GAP_DETECTED}. {@code fromSource} and
 * {@code toSource} are set for switches (and for gap ends, the sources before and after the gap); {@code gapStart} (the
 * exchange time of the last tick published before the gap) is set for gap events, {@code gapEnd} (the exchange time of
 * the first tick after it) once the gap is over. {@code reason} says why, for humans.
 */
public record SourceEvent(
        int schemaVersion,
        UUID eventId,
        Instant eventTime,
        Instant ingestTime,
        String instrument,
        String source,
        SourceEventKind kind,
        String fromSource,
        String toSource,
        Instant gapStart,
        Instant gapEnd,
        String reason) implements TickflowEvent {

    public static final int SCHEMA_VERSION = 1;

    public SourceEvent {
        Checks.schemaVersion(schemaVersion, SCHEMA_VERSION, "SourceEvent");
        Checks.envelope(eventId, eventTime, ingestTime);
        Checks.instrument(instrument);
        Checks.text(source, "source");
        Checks.required(kind, "kind");
        Checks.text(reason, "reason");
        if (kind.isSwitch()) {
            Checks.text(fromSource, "fromSource");
            Checks.text(toSource, "toSource");
            if (fromSource.equals(toSource)) {
                throw new InvalidEventException(kind + " from " + fromSource + " to itself");
            }
            if (!source.equals(toSource)) {
                throw new InvalidEventException(kind + " is about the source switched to: source " + source
                        + " is not toSource " + toSource);
            }
        }
        if (kind == SourceEventKind.GAP_DETECTED) {
            Checks.required(gapStart, "gapStart");
            if (gapEnd != null) {
                throw new InvalidEventException("GAP_DETECTED has no gapEnd yet, was " + gapEnd);
            }
        }
        if (kind.closesGap()) {
            Checks.required(gapStart, "gapStart");
            Checks.required(gapEnd, "gapEnd");
            if (gapEnd.isBefore(gapStart)) {
                throw new InvalidEventException("gapEnd " + gapEnd + " is before gapStart " + gapStart);
            }
        }
        if (!kind.isGap() && (gapStart != null || gapEnd != null)) {
            throw new InvalidEventException(kind + " carries no gap interval");
        }
    }

    /** A new event detected at {@code at} (event and ingest time alike: market-data is its origin). */
    public static SourceEvent of(Instant at, String instrument, String source, SourceEventKind kind, String fromSource,
            String toSource, Instant gapStart, Instant gapEnd, String reason) {
        Objects.requireNonNull(at, "at");
        return new SourceEvent(SCHEMA_VERSION, UUID.randomUUID(), at, at, instrument, source, kind, fromSource, toSource,
                gapStart, gapEnd, reason);
    }

    @Override
    public String partitionKey() {
        return instrument;
    }
}
