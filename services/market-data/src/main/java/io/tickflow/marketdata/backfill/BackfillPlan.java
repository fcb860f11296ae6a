package io.tickflow.marketdata.backfill;

import io.tickflow.events.BarResolution;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A backfill range cut into fixed pages of {@link #PAGE_BARS} bar slots each, Capital.com's largest {@code max}: page
 * {@code k} covers [from + k·1000·resolution, from + (k+1)·1000·resolution). Fixed windows (rather than "the next
 * 1000 bars after the last one") make the page count known up front, for progress, and the cursor a plain page index
 * that survives restarts; a window never holds more bars than one request returns. Closed hours only make pages
 * sparser.
 */
public record BackfillPlan(Instant from, Instant to, BarResolution resolution) {

    public static final int PAGE_BARS = 1000;

    public BackfillPlan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(resolution, "resolution");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
    }

    /** The plan for [from, to) widened to whole bars of {@code resolution}. */
    public static BackfillPlan aligned(Instant from, Instant to, BarResolution resolution) {
        return new BackfillPlan(floor(from, resolution), ceil(to, resolution), resolution);
    }

    public int pages() {
        long slots = Duration.between(from, to).toMillis() / resolution.length().toMillis();
        return Math.toIntExact((slots + PAGE_BARS - 1) / PAGE_BARS);
    }

    /** Page {@code k}'s window [start, end). */
    public Instant[] page(int k) {
        if (k < 0 || k >= pages()) {
            throw new IndexOutOfBoundsException("page " + k + " of " + pages());
        }
        Duration span = resolution.length().multipliedBy(PAGE_BARS);
        Instant start = from.plus(span.multipliedBy(k));
        Instant end = start.plus(span);
        return new Instant[] {start, end.isAfter(to) ? to : end};
    }

    public static Instant floor(Instant t, BarResolution resolution) {
        long length = resolution.length().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), length) * length);
    }

    public static Instant ceil(Instant t, BarResolution resolution) {
        Instant floor = floor(t, resolution);
        return floor.equals(t) ? t : floor.plus(resolution.length());
    }
}
