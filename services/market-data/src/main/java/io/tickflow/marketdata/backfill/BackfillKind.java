package io.tickflow.marketdata.backfill;

/** Why a backfill exists. */
public enum BackfillKind {
    /** Requested through {@code POST /api/backfill} (or {@code tickflow backfill}). */
    MANUAL,
    /** A gap of the merged feed ({@code GAP_ENDED}); may replace the aggregator's incomplete bars at the gap's edges. */
    GAP,
    /** An outage found at start-up: the newest stored data was older than {@code restart-gap-after}. */
    RESTART
}
