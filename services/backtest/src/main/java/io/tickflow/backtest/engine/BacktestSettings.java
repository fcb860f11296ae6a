package io.tickflow.backtest.engine;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one backtest run depends on. Two runs with equal settings over the same ticks produce byte-identical
 * reports: the engine has no clock and no randomness.
 *
 * @param latency       an order decided at t fills at the first quote of its instrument at or after t + latency
 * @param fundingCutoff daily UTC time at which positions held are charged overnight funding (Capital.com: 22:00 UTC)
 */
public record BacktestSettings(
        String strategy,
        Map<String, String> parameters,
        List<String> instruments,
        Instant from,
        Instant to,
        BigDecimal initialCapital,
        Map<String, CostModel> costs,
        Duration latency,
        LocalTime fundingCutoff) {

    public static final LocalTime CAPITAL_COM_CUTOFF = LocalTime.of(22, 0);

    public BacktestSettings {
        Objects.requireNonNull(strategy, "strategy");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        instruments = List.copyOf(instruments);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(initialCapital, "initialCapital");
        costs = Map.copyOf(costs);
        latency = latency == null ? Duration.ZERO : latency;
        fundingCutoff = fundingCutoff == null ? CAPITAL_COM_CUTOFF : fundingCutoff;
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency cannot be negative");
        }
        for (String i : instruments) {
            if (!costs.containsKey(i)) {
                throw new IllegalArgumentException("no cost model (order size, leverage) for " + i);
            }
        }
    }
}
