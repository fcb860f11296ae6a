package io.tickflow.marketdata.feed;

/** Where one source of one instrument stands in the merged feed's eyes. */
public enum SourceStatus {
    /** Nothing received since start-up, and not silent for long enough yet to call it stale. */
    UNKNOWN,
    /** Delivered a tick within its stale threshold (or the market is closed since it last did). */
    HEALTHY,
    /** Silent for longer than its stale threshold during trading hours. */
    STALE
}
