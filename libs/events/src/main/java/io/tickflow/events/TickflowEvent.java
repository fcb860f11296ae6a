package io.tickflow.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every event on a Tickflow topic carries (after NautilusTrader's ts_event / ts_init): a schema version,
 * a unique id that consumers de-duplicate on, the time the fact happened at its origin, and the time Tickflow first
 * saw it. Events are immutable and named in the past tense or as facts.
 */
public interface TickflowEvent {
    int schemaVersion();

    UUID eventId();

    /** When it happened at the origin (exchange timestamp of a quote, time an order changed state). */
    Instant eventTime();

    /** When Tickflow created this event. */
    Instant ingestTime();

    /** The Kafka record key, as {@link Topic} documents for the event's topic. */
    String partitionKey();
}
