package io.tickflow.execution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

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
}
