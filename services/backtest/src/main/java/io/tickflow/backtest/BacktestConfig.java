package io.tickflow.backtest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tickflow.backtest.engine.BacktestSettings;
import io.tickflow.backtest.engine.CostModel;
import io.tickflow.events.BacktestJob;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;

@ConfigMapping(prefix = "tickflow.backtest")
public interface BacktestConfig {

    /** Position size a signal targets per instrument, as in execution, so a backtest trades like live. */
    Map<String, BigDecimal> orderSize();

    /**
     * Rows fetched per round trip when streaming ticks; bounds a worker's memory whatever the range (10,000 rows are
     * about 2 MB) while keeping round trips few enough for 10^5-10^6 rows/s.
     */
    @WithDefault("10000")
    int fetchSize();

    @WithDefault("${quarkus.application.version:dev}")
    String codeVersion();

    /** Margin = notional / leverage, per instrument (Capital.com retail: 2 for crypto, 10 for commodities). */
    Map<String, BigDecimal> leverage();

    /** Annual overnight funding rate charged to long positions per instrument (negative: credited). */
    Map<String, BigDecimal> longFundingRate();

    /** Annual overnight funding rate charged to short positions per instrument (negative: credited). */
    Map<String, BigDecimal> shortFundingRate();

    /** Slippage on top of the spread, in price points, per instrument (absent: none). */
    Map<String, BigDecimal> slippagePoints();

    /** Slippage on top of the spread, in basis points of the quote, per instrument (absent: none). */
    Map<String, BigDecimal> slippageBps();

    /** Commission in basis points of the notional per fill (Capital.com charges none on CFDs; absent: none). */
    Map<String, BigDecimal> commissionBps();

    /** Time from a decision to its fill: the order fills at the first quote at or after decision + latency. */
    @WithDefault("PT0S")
    Duration latency();

    /** Daily UTC time at which open positions pay overnight funding. */
    @WithDefault("22:00")
    LocalTime fundingCutoff();

    /**
     * The class of tasks this instance runs: {@code cpu} or {@code gpu}. It must match the topic of the
     * {@code backtest-tasks} channel (tickflow.backtest.tasks.&lt;class&gt;.v1), checked at start-up.
     */
    @WithDefault("cpu")
    String workerClass();

    /**
     * How long a claimed task stays a worker's without a renewal. The worker renews it between replay pages; a worker
     * that stops (crash, hang) loses the task to the lease reaper, which publishes it again for another worker.
     */
    @WithDefault("PT2M")
    Duration lease();

    /** How often an instance looks for expired leases. */
    @WithDefault("PT30S")
    Duration leaseCheckInterval();

    /** The engine settings of {@code task} under this configuration. */
    default BacktestSettings settings(io.tickflow.events.BacktestTask task) {
        return engineSettings(task.strategyId(), task.parameters(), task.instruments(), task.from(), task.to(),
                task.initialCapital());
    }

    /** The engine settings of {@code job} under this configuration. */
    default BacktestSettings settings(BacktestJob job) {
        return engineSettings(job.strategyId(), job.parameters(), job.instruments(), job.from(), job.to(),
                job.initialCapital());
    }

    default BacktestSettings engineSettings(String strategy, Map<String, String> parameters,
            java.util.List<String> instruments, java.time.Instant from, java.time.Instant to,
            BigDecimal initialCapital) {
        Map<String, CostModel> costs = new HashMap<>();
        for (String i : instruments) {
            BigDecimal size = orderSize().get(i);
            BigDecimal lev = leverage().get(i);
            if (size == null || lev == null) {
                throw new IllegalArgumentException("no order size or leverage configured for " + i
                        + " (tickflow.backtest.order-size / leverage)");
            }
            costs.put(i, new CostModel(size, lev, slippagePoints().get(i), slippageBps().get(i),
                    longFundingRate().get(i), shortFundingRate().get(i), commissionBps().get(i)));
        }
        return new BacktestSettings(strategy, parameters, instruments, from, to, initialCapital, costs, latency(),
                fundingCutoff());
    }
}
