package io.tickflow.domain.strategy;

import io.tickflow.events.SignalDirection;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Long when the fast simple moving average of the mid price is above the slow one, short when below. Sums are exact
 * BigDecimals and the averages are compared by cross-multiplying, so no rounding decides a crossover.
 */
public final class MovingAverageCrossover implements Strategy {

    private final int fastWindow;
    private final int slowWindow;
    private final ArrayDeque<BigDecimal> window = new ArrayDeque<>();
    private BigDecimal fastSum = BigDecimal.ZERO;
    private BigDecimal slowSum = BigDecimal.ZERO;
    private SignalDirection current;

    public MovingAverageCrossover(int fastWindow, int slowWindow) {
        if (fastWindow < 1 || slowWindow <= fastWindow) {
            throw new IllegalArgumentException(
                    "need 1 <= fast < slow, was fast=" + fastWindow + " slow=" + slowWindow);
        }
        this.fastWindow = fastWindow;
        this.slowWindow = slowWindow;
    }

    @Override
    public Optional<Decision> onTick(Tick tick) {
        BigDecimal mid = tick.mid();
        window.addLast(mid);
        slowSum = slowSum.add(mid);
        fastSum = fastSum.add(mid);
        if (window.size() > fastWindow) {
            // the element leaving the fast window is fastWindow+1 from the end
            fastSum = fastSum.subtract(elementFromEnd(fastWindow));
        }
        if (window.size() > slowWindow) {
            slowSum = slowSum.subtract(window.removeFirst());
        }
        if (window.size() < slowWindow) {
            return Optional.empty();
        }
        // fastSum/fast vs slowSum/slow without division
        int cmp = fastSum.multiply(BigDecimal.valueOf(slowWindow))
                .compareTo(slowSum.multiply(BigDecimal.valueOf(fastWindow)));
        if (cmp == 0) {
            return Optional.empty();
        }
        SignalDirection wanted = cmp > 0 ? SignalDirection.LONG : SignalDirection.SHORT;
        if (wanted == current) {
            return Optional.empty();
        }
        current = wanted;
        return Optional.of(new Decision(wanted, "sma" + fastWindow + (cmp > 0 ? " crossed above " : " crossed below ")
                + "sma" + slowWindow));
    }

    private BigDecimal elementFromEnd(int index) {
        var it = window.descendingIterator();
        for (int i = 0; i < index; i++) {
            it.next();
        }
        return it.next();
    }
}
