package io.tickflow.alerting.notify;

/**
 * One channel. {@link #deliver} makes exactly one attempt, bounded by the channel's timeout, and never throws for a
 * delivery problem: it says what happened. Retries, backoff and the circuit breaker are the dispatcher's.
 */
public interface Notifier extends AutoCloseable {

    String channel();

    Outcome deliver(Notice notice);

    @Override
    default void close() {
    }
}
