package io.tickflow.alerting;

import io.tickflow.events.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gaps in the merged feed wait {@code grace} before they page, as {@code MarketDataStale} waits for its {@code for}:
 * a source that reconnects within seconds (market-data starting, a dropped stream resumed) ends its gap before anyone
 * could act, and paging for it is noise. A gap still open after the grace is raised with the trace id and time of its
 * GAP_DETECTED event; one that ends before is dropped. A zero grace raises at once.
 *
 * <p>Time comes from the caller (event time against the wall clock live, scenario time in the alert-quality replay).
 * Pending gaps are in memory: a restart during a grace forgets that gap, and MarketDataStale in Prometheus still pages
 * for it.
 */
public final class PendingGaps {

    private record Pending(Alert alert, Instant due) {
    }

    private final Duration grace;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    /** Gaps handed out by {@link #due} whose raise has not completed; true once their gap ended meanwhile. */
    private final Map<String, Boolean> raising = new HashMap<>();

    public PendingGaps(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("tickflow.alerting.gap-grace must not be negative, got " + grace);
        }
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /** A gap alert to hold until its grace is over (a repeat of a pending gap keeps the first one's time). */
    public synchronized void hold(Alert gap) {
        pending.putIfAbsent(gap.fingerprint(), new Pending(gap, gap.eventTime().plus(grace)));
    }

    /**
     * The gap of this fingerprint ended: if it was still within its grace, it is forgotten. If its raise is in flight,
     * {@link #raised} tells the raiser to resolve it, since a resolve now could run before the alert exists.
     */
    public synchronized boolean ended(String fingerprint) {
        raising.computeIfPresent(fingerprint, (k, v) -> true);
        return pending.remove(fingerprint) != null;
    }

    /**
     * The held gaps whose grace is over at {@code now}, oldest first; each is then in flight until {@link #raised}
     * (or {@link #failed}) for it.
     */
    public synchronized List<Alert> due(Instant now) {
        List<Alert> due = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!p.due().isAfter(now)) {
                due.add(p.alert());
                raising.put(p.alert().fingerprint(), false);
                it.remove();
            }
        }
        return due;
    }

    /** The raise of a due gap is stored; true when the gap ended meanwhile and the alert must be resolved now. */
    public synchronized boolean raised(String fingerprint) {
        return Boolean.TRUE.equals(raising.remove(fingerprint));
    }

    /** The raise of a due gap failed: held again (due at once) unless the gap ended meanwhile. */
    public synchronized void failed(Alert gap) {
        if (!Boolean.TRUE.equals(raising.remove(gap.fingerprint()))) {
            pending.putIfAbsent(gap.fingerprint(), new Pending(gap, gap.eventTime().plus(grace)));
        }
    }
}
