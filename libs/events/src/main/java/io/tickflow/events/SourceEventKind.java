package io.tickflow.events;

/**
 * What happened to an instrument's market-data sources, as {@link SourceEvent#kind()}. Codes are stable for storage.
 * A failover is forced by staleness; a switch back is the feed's choice once a better source has been healthy long
 * enough, so alerting can treat the first as a problem and the second as its resolution.
 */
public enum SourceEventKind {
    /** A source sent nothing for longer than its stale threshold during the instrument's trading hours. */
    SOURCE_STALE(1),
    /** A stale source delivers ticks again (it becomes a candidate after the switch-back hold time). */
    SOURCE_RECOVERED(2),
    /** The active source went stale and the feed moved to the next healthy one ({@code fromSource -> toSource}). */
    FAILOVER(3),
    /** A better-ranked source was healthy for the hold time and the feed moved back to it. */
    SWITCH_BACK(4),
    /** No source is healthy during trading hours: the merged feed has a gap, open since {@code gapStart}. */
    GAP_DETECTED(5),
    /** Ticks flow again after a gap: {@code gapStart} to {@code gapEnd} is the interval without data. */
    GAP_ENDED(6),
    /**
     * A gap was filled from the sources' history (backfill): {@code gapStart} to {@code gapEnd} is the repaired range,
     * {@code source} the history source that served it, {@code reason} how many bars were written.
     */
    GAP_REPAIRED(7);

    private final int code;

    SourceEventKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether events of this kind describe a switch between two sources. */
    public boolean isSwitch() {
        return this == FAILOVER || this == SWITCH_BACK;
    }

    /** Whether events of this kind are about a gap (and carry {@code gapStart}). */
    public boolean isGap() {
        return this == GAP_DETECTED || closesGap();
    }

    /** Whether events of this kind carry a closed gap interval. */
    public boolean closesGap() {
        return this == GAP_ENDED || this == GAP_REPAIRED;
    }
}
