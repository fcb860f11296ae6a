package io.tickflow.execution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "tickflow.execution")
public interface ExecutionConfig {

    /** Position size a LONG or SHORT signal targets, per instrument, e.g. {@code order-size.BTCUSD=0.01}. */
    Map<String, BigDecimal> orderSize();

    /** Largest absolute net position allowed per instrument; an order that would exceed it is refused. */
    Map<String, BigDecimal> maxPosition();

    /**
     * Largest notional (size x last price, in the instrument's currency) of one order, per instrument. Checked when
     * a price is known (the last signal's reference price or fill price).
     */
    Map<String, BigDecimal> maxNotional();

    /** New orders accepted per rolling minute for the account, across all strategies: a runaway strategy stops here. */
    @WithDefault("120")
    int maxOrdersPerMinute();

    /** How long to keep polling a confirm that answers "not found" before declaring the order UNKNOWN. */
    @WithDefault("30s")
    Duration confirmTimeout();

    /** How often unresolved orders are reconciled with the broker. */
    @WithDefault("5s")
    Duration reconcileInterval();

    /**
     * How long an UNKNOWN order without any trace at the broker is kept open before it is declared REJECTED. Long
     * enough to outlast Capital.com's "confirm not found" glitches, which were seen lasting minutes.
     */
    @WithDefault("5m")
    Duration unknownGrace();

    /** How often the broker's dealing rules ({@code GET /markets/{epic}}) are re-read. */
    @WithDefault("60s")
    Duration dealingRulesRefresh();

    /** What to do with a size off the broker's size grid: round it down onto the grid, or refuse the order. */
    @WithDefault("round-down")
    SizePolicy sizePolicy();

    /**
     * Loss of the account today (UTC day, realised + unrealised, in the instruments' currency) at which orders that
     * would increase a position are refused; orders that reduce one still pass. Unset: no daily limit.
     */
    Optional<BigDecimal> dailyLossLimit();

    enum SizePolicy {
        /** Trade the largest size on the grid not above the one asked for; refuse if that is below the minimum. */
        ROUND_DOWN,
        /** Refuse any size off the grid. */
        REJECT
    }
}
