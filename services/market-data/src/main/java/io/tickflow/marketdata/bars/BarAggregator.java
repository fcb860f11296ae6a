package io.tickflow.marketdata.bars;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds OHLC bars of the mid price, with bid and ask OHLC beside them, from a stream of ticks in event time.
 *
 * <p><b>Late and out-of-order ticks.</b> Per instrument the watermark is the largest event time seen minus the allowed
 * lateness. A bar [open, open + length) stays open until the watermark reaches its end, so a tick that arrives out
 * of order but within the lateness still lands in its bar. A tick for a bar that is already closed is late: it is
 * counted (per resolution) and left out of that bar, which is final once emitted; it still counts in the longer bars
 * that are open. Closed bars never change, so a bar's id (derived from instrument, resolution and open time) names
 * one content, and storing or publishing it twice is harmless.
 *
 * <p><b>Restarts.</b> After a start the aggregator has not seen the beginning of the bars that are open at that
 * moment: the first bar of each instrument and resolution is not emitted (counted as incomplete) unless its first tick
 * is exactly at its open time. Every later bar is complete.
 *
 * <p>Not thread-safe: one aggregator per consumer thread.
 */
public final class BarAggregator {

    /** A closed bar: the event (with its bid and ask OHLC), and those sides again as {@link Ohlc}s for storage. */
    public record ClosedBar(Bar bar, Ohlc bid, Ohlc ask) {
    }

    public record Ohlc(BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close) {
    }

    /** What one tick did: the bars it closed, and the resolutions for which it came too late. */
    public record Result(List<ClosedBar> closed, List<BarResolution> lateFor) {
    }

    private final Duration allowedLateness;
    private final List<BarResolution> resolutions;
    private final String source;
    private final Map<String, InstrumentState> instruments = new HashMap<>();
    private long incomplete;

    public BarAggregator(Duration allowedLateness, List<BarResolution> resolutions, String source) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative: " + allowedLateness);
        }
        if (resolutions.isEmpty()) {
            throw new IllegalArgumentException("at least one bar resolution is required");
        }
        this.allowedLateness = allowedLateness;
        this.resolutions = List.copyOf(resolutions);
        this.source = source;
    }

    public Result onTick(Tick tick, Instant now) {
        InstrumentState state = instruments.computeIfAbsent(tick.instrument(), i -> new InstrumentState());
        List<BarResolution> late = new ArrayList<>(0);
        for (BarResolution resolution : resolutions) {
            Instant open = openTime(tick.eventTime(), resolution);
            Instant closedUpTo = state.closedUpTo.get(resolution);
            if (closedUpTo != null && open.isBefore(closedUpTo)) {
                late.add(resolution);
                continue;
            }
            state.open.get(resolution).computeIfAbsent(open, o -> new Builder(o, tick.eventTime().equals(o)
                    || state.seenFirst.containsKey(resolution))).add(tick);
            state.seenFirst.put(resolution, Boolean.TRUE);
        }
        if (state.maxEventTime == null || tick.eventTime().isAfter(state.maxEventTime)) {
            state.maxEventTime = tick.eventTime();
        }
        List<ClosedBar> closed = close(tick.instrument(), state, state.maxEventTime.minus(allowedLateness), now);
        return new Result(closed, late);
    }

    /** Closes every open bar of {@code instrument}, e.g. when its feed has been quiet past the lateness. */
    public List<ClosedBar> closeAll(String instrument, Instant now) {
        InstrumentState state = instruments.get(instrument);
        return state == null ? List.of() : close(instrument, state, Instant.MAX, now);
    }

    /** Instruments with open bars. */
    public List<String> instrumentsWithOpenBars() {
        return instruments.entrySet().stream()
                .filter(e -> e.getValue().open.values().stream().anyMatch(m -> !m.isEmpty()))
                .map(Map.Entry::getKey).toList();
    }

    /** First bars after a start that were not emitted because their beginning was not seen. */
    public long incompleteBarsDropped() {
        return incomplete;
    }

    private List<ClosedBar> close(String instrument, InstrumentState state, Instant watermark, Instant now) {
        List<ClosedBar> out = new ArrayList<>();
        for (BarResolution resolution : resolutions) {
            Iterator<Builder> open = state.open.get(resolution).values().iterator();
            while (open.hasNext()) {
                Builder b = open.next();
                Instant end = b.openTime.plus(resolution.length());
                if (watermark != Instant.MAX && end.isAfter(watermark)) {
                    break; // sorted by open time: the rest are later
                }
                open.remove();
                Instant closedUpTo = state.closedUpTo.get(resolution);
                if (closedUpTo == null || end.isAfter(closedUpTo)) {
                    state.closedUpTo.put(resolution, end);
                }
                if (!b.complete) {
                    incomplete++;
                    continue;
                }
                out.add(b.toBar(instrument, resolution, source, now));
            }
        }
        return out;
    }

    static Instant openTime(Instant t, BarResolution resolution) {
        long length = resolution.length().toMillis();
        long ms = t.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(ms, length) * length);
    }

    /** The same bar always gets the same id, so a re-emitted bar is recognised as the same event. */
    static UUID barId(String instrument, BarResolution resolution, Instant openTime, String source) {
        return UUID.nameUUIDFromBytes(("bar|" + source + '|' + instrument + '|' + resolution.name() + '|' + openTime)
                .getBytes(StandardCharsets.UTF_8));
    }

    private final class InstrumentState {
        final Map<BarResolution, TreeMap<Instant, Builder>> open = new EnumMap<>(BarResolution.class);
        final Map<BarResolution, Instant> closedUpTo = new EnumMap<>(BarResolution.class);
        /** Whether this resolution's bars have been seen from their beginning since the start. */
        final Map<BarResolution, Boolean> seenFirst = new EnumMap<>(BarResolution.class);
        Instant maxEventTime;

        InstrumentState() {
            for (BarResolution r : resolutions) {
                open.put(r, new TreeMap<>());
            }
        }
    }

    /** One open bar. Open and close follow event time, not arrival: an out-of-order tick can be the new open. */
    private static final class Builder {
        final Instant openTime;
        final boolean complete;
        Instant firstTime;
        Instant lastTime;
        final Track mid = new Track();
        final Track bid = new Track();
        final Track ask = new Track();
        long count;

        Builder(Instant openTime, boolean complete) {
            this.openTime = openTime;
            this.complete = complete;
        }

        void add(Tick t) {
            boolean first = firstTime == null || t.eventTime().isBefore(firstTime);
            boolean last = lastTime == null || !t.eventTime().isBefore(lastTime);
            if (first) {
                firstTime = t.eventTime();
            }
            if (last) {
                lastTime = t.eventTime();
            }
            mid.add(t.mid(), first, last);
            bid.add(t.bid(), first, last);
            ask.add(t.ask(), first, last);
            count++;
        }

        ClosedBar toBar(String instrument, BarResolution resolution, String source, Instant now) {
            Instant close = openTime.plus(resolution.length());
            Bar bar = new Bar(Bar.SCHEMA_VERSION, barId(instrument, resolution, openTime, source), close, now,
                    instrument, source, resolution, openTime, mid.open, mid.high, mid.low, mid.close, bid.close,
                    ask.close, count, bid.open, bid.high, bid.low, ask.open, ask.high, ask.low);
            return new ClosedBar(bar, bid.ohlc(), ask.ohlc());
        }
    }

    private static final class Track {
        BigDecimal open;
        BigDecimal high;
        BigDecimal low;
        BigDecimal close;

        void add(BigDecimal v, boolean first, boolean last) {
            if (first) {
                open = v;
            }
            if (last) {
                close = v;
            }
            high = high == null || v.compareTo(high) > 0 ? v : high;
            low = low == null || v.compareTo(low) < 0 ? v : low;
        }

        Ohlc ohlc() {
            return new Ohlc(open, high, low, close);
        }
    }
}
