package io.tickflow.events;

/**
 * An event that cannot be accepted: malformed JSON, a missing or out-of-range field, or a schema version this build
 * does not know. Consumers never retry such an event; they route it to the topic's dead-letter topic with
 * {@link #getMessage()} as the reason.
 */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
