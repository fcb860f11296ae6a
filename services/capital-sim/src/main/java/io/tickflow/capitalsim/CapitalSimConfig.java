package io.tickflow.capitalsim;

import io.smallrye.config.ConfigMapping;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code capital-sim.*}: how the simulated broker behaves. Defaults live in {@code application.properties}; every key can be
 * overridden the Quarkus way (system property, {@code CAPITAL_SIM_*} environment variable).
 */
@ConfigMapping(prefix = "capital-sim")
public interface CapitalSimConfig {

    /** Seed of the price paths, spreads, history and deal ids: the same seed replays the same market. */
    long seed();

    /** Quotes per second of every instrument while its market is open. */
    int quotesPerSecond();

    /** Per-epic rate overrides, e.g. {@code capital-sim.quotes-per-second-by-epic.BTCUSD=1000} for the benchmark. */
    Map<String, Integer> quotesPerSecondByEpic();

    /** Period of the quote timer; each tick emits as many quotes as the rates demand. */
    Duration streamTickInterval();

    /** Latency probe: the k-th order of an epic is matched with its (k*N)-th streamed quote; 0 switches it off. */
    int probeEveryN();

    /** Instruments on offer, among BTCUSD, OIL_CRUDE, SILVER and NATURALGAS. */
    List<String> instruments();

    String apiKey();

    String identifier();

    String password();

    Duration sessionIdleTimeout();

    /** 0 disables the limit. */
    int maxRequestsPerSecondPerSession();

    /** 0 disables the limit. */
    int maxLoginsPerSecondPerApiKey();

    Duration streamIdleTimeout();

    int maxEpicsPerStream();

    Duration historyLength();

    Duration orderHangDuration();

    int accountTimezoneOffsetHours();

    BigDecimal accountBalance();

    /** How many received orders {@code GET /sim/orders} keeps, oldest dropped first (the totals of the summary drop nothing). */
    int orderLogCapacity();

    /** {@code capital-sim.chaos.*}: seeded random faults on {@code POST /api/v1/positions} from start-up. */
    Chaos chaos();

    interface Chaos {

        /** Probability that an order is hit by a fault drawn uniformly among the kinds of {@code ChaosFault}; 0 = off. */
        double rate();

        /** Seed of the draws: the same seed and the same orders give the same faults. */
        long seed();
    }
}
