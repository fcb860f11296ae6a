package io.tickflow.events;

/** Kafka record headers Tickflow sets or reads, besides W3C {@code traceparent} which OpenTelemetry owns. */
public final class EventHeaders {
    /** Simple class name of the event record, e.g. {@code Tick}. */
    public static final String EVENT_TYPE = "tickflow-event-type";
    /** The record's schema version, duplicated from the payload for routing without parsing. */
    public static final String SCHEMA_VERSION = "tickflow-schema-version";
    /** Set by SmallRye on dead-lettered records: why the consumer refused it. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";

    private EventHeaders() {
    }
}
