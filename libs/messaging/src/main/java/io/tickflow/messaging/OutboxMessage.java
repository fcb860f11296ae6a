package io.tickflow.messaging;

import io.tickflow.events.EventCodec;
import io.tickflow.events.TickflowEvent;
import io.tickflow.events.Topic;

/** One event waiting in a service's outbox table to be published. */
public record OutboxMessage(Topic topic, String key, String eventType, String payload, String traceparent) {

    /** Captures the event and the current trace context, so the relay continues this trace when it publishes. */
    public static OutboxMessage of(Topic topic, TickflowEvent event) {
        return of(topic, event, Traces.currentTraceparent());
    }

    /**
     * For events caused by something that is not current any more (a reconciliation round acting on an order): the
     * trace context stored with the cause, so the event still joins the original trace.
     */
    public static OutboxMessage of(Topic topic, TickflowEvent event, String traceparent) {
        if (!topic.eventType().isInstance(event)) {
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " does not belong on " + topic);
        }
        return new OutboxMessage(topic, event.partitionKey(), event.getClass().getSimpleName(),
                EventCodec.encode(event), traceparent);
    }
}
