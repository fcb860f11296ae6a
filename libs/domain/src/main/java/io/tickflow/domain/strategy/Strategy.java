package io.tickflow.domain.strategy;

import io.tickflow.events.Tick;
import java.util.Optional;

/**
 * A trading strategy for one instrument. The signals service and the backtest engine call the same implementation
 * through {@link StrategyRunner}: there is no code path that only one of them takes. Implementations are
 * deterministic functions of the ticks they have seen (no clocks, no randomness), which is what makes a backtest
 * reproduce a live run.
 */
public interface Strategy {

    /** Called once per tick, in event-time order. Returns a decision only when the wanted position changes. */
    Optional<Decision> onTick(Tick tick);
}
