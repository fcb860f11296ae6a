package io.tickflow.domain.strategy;

import io.tickflow.events.SignalDirection;
import java.math.BigDecimal;

/**
 * How a signal becomes an order, shared by execution and the backtest engine so both trade a signal identically:
 * LONG targets +unit, SHORT -unit, FLAT 0, and the order is the difference to the current net position.
 */
public final class PositionTarget {

    private PositionTarget() {
    }

    /** Signed size to trade (positive = buy); zero when already at the target. */
    public static BigDecimal delta(SignalDirection direction, BigDecimal unit, BigDecimal netPosition) {
        BigDecimal target = switch (direction) {
            case LONG -> unit;
            case SHORT -> unit.negate();
            case FLAT -> BigDecimal.ZERO;
        };
        return target.subtract(netPosition);
    }

    /** The same rule on sizes in fixed-point units of the instrument's size grid (the backtest's replay loop). */
    public static long delta(SignalDirection direction, long unit, long netPosition) {
        long target = switch (direction) {
            case LONG -> unit;
            case SHORT -> -unit;
            case FLAT -> 0;
        };
        return Math.subtractExact(target, netPosition);
    }
}
