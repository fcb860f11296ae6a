package io.tickflow.domain.strategy;

import java.util.Optional;

/**
 * A trading strategy for one instrument. The signals service and the backtest engine call the same implementation
 * through {@link StrategyRunner}: there is no code path that only one of them takes. Implementations are
 * deterministic functions of the quotes they have seen (no clocks, no randomness), which is what makes a backtest
 * reproduce a live run.
 *
 * <p>Quotes arrive as fixed-point longs at the instrument's price scale ({@link io.tickflow.domain.instrument.PriceUnits}),
 * converted the same way live and in backtests: the backtest replays millions of ticks per second per core, which a
 * BigDecimal per tick would not allow.
 */
public interface Strategy {

    /**
     * Called once per quote of this strategy's instrument, in event-time order. {@code bid} and {@code ask} are in
     * units of the instrument's price scale, {@code eventTimeNanos} nanoseconds since the epoch (UTC). Returns a
     * decision only when the wanted position changes; must not allocate when it returns none.
     */
    Optional<Decision> onQuote(long eventTimeNanos, long bid, long ask);
}
