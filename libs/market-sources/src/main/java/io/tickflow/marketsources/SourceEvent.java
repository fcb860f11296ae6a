package io.tickflow.marketsources;

import java.time.Instant;

/**
 * Lifecycle of a source, for health checks, alerts and metrics.
 *
 * @param detail human-readable detail (status message, close reason, backoff); never a key
 */
public record SourceEvent(String source, Type type, String detail, Instant at) {

    public enum Type {
        /** The socket is open (not yet authenticated). */
        CONNECTED,
        /** The source accepted our key. */
        AUTHENTICATED,
        /** The first subscription was acknowledged. */
        SUBSCRIBED,
        /** After a reconnect every subscription was sent again and acknowledged. */
        RESUBSCRIBED,
        /** The connection closed or broke; a reconnect is scheduled (detail says when). */
        DISCONNECTED,
        /** The source refused our key. */
        AUTH_FAILED,
        /** The source refused the connection: another one holds the account's only slot. */
        MAX_CONNECTIONS,
        /** Not even a keep-alive answer for longer than the silence timeout: the connection is replaced. */
        SILENCE,
        /** An error status or a failed connection attempt. */
        ERROR,
        /** A poll returned data. */
        POLLED,
        /** The source throttled us (answer without data). */
        THROTTLED,
        /** Our own request budget is spent; no request is sent until it refills. */
        BUDGET_EXHAUSTED
    }
}
