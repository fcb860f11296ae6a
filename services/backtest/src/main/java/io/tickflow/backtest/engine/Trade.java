package io.tickflow.backtest.engine;

import io.tickflow.events.SignalDirection;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One closed position, entry to exit. Amounts are exact, in the instrument's currency: {@code grossPnl} from the fill
 * prices (spread and slippage included), {@code funding} the overnight funding it paid (negative) or received,
 * {@code commission} what it paid, {@code netPnl} = gross + funding - commission.
 */
public record Trade(
        String instrument,
        SignalDirection side,
        Instant entryTime,
        BigDecimal entryPrice,
        Instant exitTime,
        BigDecimal exitPrice,
        BigDecimal size,
        BigDecimal grossPnl,
        BigDecimal funding,
        BigDecimal commission,
        BigDecimal netPnl) {
}
