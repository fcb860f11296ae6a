package io.tickflow.backtest.engine;

import io.tickflow.domain.instrument.PriceUnits;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A block of ticks in columns of primitives (time in epoch nanoseconds, instrument as a slot number, bid and ask in
 * price units): what the engine's replay loop reads. Ticks from the store or from memory are converted once, with
 * the same {@link PriceUnits} methods the live path uses; the loop then touches no object per tick. Reusable:
 * {@link #clear()} and refill, so a streamed backtest allocates one block, not one object per row.
 */
public final class TickColumns {

    private final List<String> instruments;
    private final int[] scales;
    final long[] time;
    final int[] slot;
    final long[] bid;
    final long[] ask;
    int size;

    public TickColumns(List<String> instruments, int capacity) {
        this.instruments = List.copyOf(instruments);
        this.scales = this.instruments.stream().mapToInt(PriceUnits::scaleOf).toArray();
        this.time = new long[capacity];
        this.slot = new int[capacity];
        this.bid = new long[capacity];
        this.ask = new long[capacity];
    }

    public List<String> instruments() {
        return instruments;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return time.length;
    }

    /** The bid column (first {@link #size()} entries valid), for loops that bypass the engine, like the bare-loop limit. */
    public long[] bidUnits() {
        return bid;
    }

    public long[] timeNanos() {
        return time;
    }

    public long[] askUnits() {
        return ask;
    }

    public boolean isFull() {
        return size == time.length;
    }

    public void clear() {
        size = 0;
    }

    /** Appends a tick; its instrument must be one of {@link #instruments()}. */
    public void add(Tick tick) {
        add(tick.instrument(), tick.eventTime(), tick.bid(), tick.ask());
    }

    /** Appends a stored quote (the paged reader's rows), converted like a tick. */
    public void add(String instrument, Instant eventTime, BigDecimal bid, BigDecimal ask) {
        int s = slotOf(instrument);
        add(PriceUnits.epochNanos(eventTime), s, PriceUnits.toUnits(bid, scales[s]), PriceUnits.toUnits(ask, scales[s]));
    }

    /** Appends a quote already in units (the benchmark's generator and the fixed-point reader use this). */
    public void add(long epochNanos, int instrumentSlot, long bidUnits, long askUnits) {
        if (askUnits < bidUnits) {
            throw new IllegalArgumentException("ask below bid at " + epochNanos);
        }
        int i = size++;
        time[i] = epochNanos;
        slot[i] = instrumentSlot;
        bid[i] = bidUnits;
        ask[i] = askUnits;
    }

    public int slotOf(String instrument) {
        int s = instruments.indexOf(instrument);
        if (s < 0) {
            throw new IllegalArgumentException("tick of " + instrument + " is not in " + instruments);
        }
        return s;
    }

    public static TickColumns of(List<String> instruments, List<Tick> ticks) {
        TickColumns c = new TickColumns(instruments, Math.max(1, ticks.size()));
        ticks.forEach(c::add);
        return c;
    }
}
