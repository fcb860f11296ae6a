package io.tickflow.capital;

import java.time.Instant;

/**
 * Lifecycle of the streaming connections, for health checks and metrics.
 *
 * @param socket 0-based index of the socket (one per 40 epics)
 * @param detail human-readable detail (error code, close reason, backoff); never tokens
 */
public record StreamEvent(Type type, int socket, String detail, Instant at) {

    public enum Type {
        /** The socket is open (not yet subscribed). */
        CONNECTED,
        /** The first subscription of a socket was acknowledged. */
        SUBSCRIBED,
        /** After a reconnect, every epic of the socket was subscribed again and acknowledged. */
        RESUBSCRIBED,
        /** The socket closed or broke; a reconnect is scheduled (detail says when). */
        DISCONNECTED,
        /** Nothing arrived for longer than the silence timeout: the socket is torn down and reconnected. */
        SILENCE,
        /** The stream rejected our tokens; fresh ones were obtained from the REST client and the subscription resent. */
        TOKEN_REFRESHED,
        /** An error frame or a failed connection attempt. */
        ERROR,
        /** A frame that was not valid JSON or lacked required fields; it was ignored. */
        MALFORMED_FRAME
    }
}
