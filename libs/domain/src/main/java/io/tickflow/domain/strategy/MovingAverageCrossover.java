package io.tickflow.domain.strategy;

import io.tickflow.events.SignalDirection;
import java.util.Optional;

/**
 * Long when the fast simple moving average of the mid price is above the slow one, short when below. The window
 * holds bid+ask (twice the mid, exact in price units) in a ring of primitive longs; sums are exact and the averages
 * are compared by cross-multiplying, so no rounding decides a crossover. {@link Math#multiplyExact} fails loudly
 * rather than wrapping (it would need a window of about 10^5 ticks of BTCUSD at scale 2 to overflow).
 */
public final class MovingAverageCrossover implements Strategy {

    private final int fastWindow;
    private final int slowWindow;
    private final long[] window;
    private int next;
    private int fastOut;
    private long seen;
    private long fastSum;
    private long slowSum;
    private SignalDirection current;
    // built once: a backtest decides on a few percent of millions of ticks, and a decision must not cost a string
    private final Optional<Decision> goLong;
    private final Optional<Decision> goShort;

    public MovingAverageCrossover(int fastWindow, int slowWindow) {
        if (fastWindow < 1 || slowWindow <= fastWindow) {
            throw new IllegalArgumentException(
                    "need 1 <= fast < slow, was fast=" + fastWindow + " slow=" + slowWindow);
        }
        this.fastWindow = fastWindow;
        this.slowWindow = slowWindow;
        this.window = new long[slowWindow];
        this.fastOut = slowWindow - fastWindow; // slot of the value leaving the fast window, once it is full
        String fast = "sma" + fastWindow;
        String slow = " sma" + slowWindow;
        this.goLong = Optional.of(new Decision(SignalDirection.LONG, fast + " crossed above" + slow));
        this.goShort = Optional.of(new Decision(SignalDirection.SHORT, fast + " crossed below" + slow));
    }

    @Override
    public Optional<Decision> onQuote(long eventTimeNanos, long bid, long ask) {
        // Kept small so the JIT inlines it into the backtest's replay loop. The ring starts zeroed, and a slot is
        // read as "leaving" only after it was written or while it still holds that zero, so no warm-up branches.
        long twiceMid = bid + ask;
        long[] w = window;
        fastSum += twiceMid - w[fastOut];
        slowSum += twiceMid - w[next];
        w[next] = twiceMid;
        next = next + 1 == slowWindow ? 0 : next + 1;
        fastOut = fastOut + 1 == slowWindow ? 0 : fastOut + 1;
        return ++seen < slowWindow ? Optional.empty() : compare();
    }

    private Optional<Decision> compare() {
        // fastSum/fast vs slowSum/slow without division
        int cmp = Long.compare(Math.multiplyExact(fastSum, (long) slowWindow),
                Math.multiplyExact(slowSum, (long) fastWindow));
        SignalDirection wanted = cmp > 0 ? SignalDirection.LONG : cmp < 0 ? SignalDirection.SHORT : null;
        if (wanted == null || wanted == current) {
            return Optional.empty();
        }
        current = wanted;
        return cmp > 0 ? goLong : goShort;
    }
}
