package io.tickflow.marketsources;

/** Where a market-data source stands. */
public enum SourceState {
    /** Not started, or connecting for the first time. */
    CONNECTING,
    /** Connected and authenticated (streams), or the last poll succeeded (polling sources). */
    CONNECTED,
    /** Connection lost or refused; a reconnect is scheduled. */
    DISCONNECTED,
    /** The source refused our key; retried slowly, since a wrong key does not fix itself. */
    AUTH_FAILED,
    /** The source answers but refuses data for now (throttling, daily budget spent). */
    THROTTLED,
    /** Closed by us. */
    CLOSED
}
