package io.tickflow.marketsources.alphavantage;

import io.tickflow.events.BarResolution;
import io.tickflow.marketsources.AlphaVantageSymbol;
import io.tickflow.marketsources.SymbolMap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link AlphaVantagePoller} asks for and how often. The plan must fit the client's daily budget: a schedule that
 * needs more requests a day than {@code requestsPerDay} is refused at start-up, naming the numbers, instead of being
 * throttled every afternoon.
 *
 * @param jobs one entry per instrument and series
 */
public record AlphaVantagePollingConfig(List<Job> jobs) {

    /**
     * @param instrument  instrument id (must be in the Alpha Vantage symbol map)
     * @param series      what to fetch
     * @param resolution  bar length for {@link Series#INTRADAY} (1m, 5m or 1h); ignored for daily series
     * @param every       poll period
     */
    public record Job(String instrument, Series series, BarResolution resolution, Duration every) {
        public Job {
            Objects.requireNonNull(instrument, "instrument");
            Objects.requireNonNull(series, "series");
            Objects.requireNonNull(every, "every");
            if (every.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("poll period of " + instrument + " must be at least 1 s: " + every);
            }
            if (series == Series.INTRADAY && (resolution == null || resolution == BarResolution.SECOND_1)) {
                throw new IllegalArgumentException("intraday polling of " + instrument + " needs a 1m, 5m or 1h resolution");
            }
        }

        /** Requests this job sends in 24 hours (the first one at start included). */
        long requestsPerDay() {
            return Duration.ofDays(1).toNanos() / every.toNanos() + 1;
        }
    }

    public enum Series {
        /** CRYPTO_INTRADAY: bars, and the newest bar's close as a (last-resort) tick. */
        INTRADAY,
        /** DIGITAL_CURRENCY_DAILY or the commodity series (WTI): daily values. */
        DAILY
    }

    public AlphaVantagePollingConfig {
        jobs = List.copyOf(jobs);
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException("tickflow.alphavantage: nothing to poll");
        }
    }

    /**
     * The free-tier plan for a symbol map: digital currencies as one-minute intraday bars every hour (24 requests a day) and
     * commodities daily (1 a day) — 25 requests for BTCUSD and OIL_CRUDE, exactly the free tier.
     */
    public static AlphaVantagePollingConfig freeTier(SymbolMap symbols) {
        List<Job> jobs = new ArrayList<>();
        for (String instrument : symbols.instruments()) {
            symbols.alphaVantage(instrument).ifPresent(symbol -> jobs.add(switch (symbol) {
                case AlphaVantageSymbol.Crypto ignored -> new Job(instrument, Series.INTRADAY, BarResolution.MINUTE_1,
                        Duration.ofMinutes(61));
                case AlphaVantageSymbol.Commodity ignored -> new Job(instrument, Series.DAILY, null, Duration.ofHours(25));
            }));
        }
        return new AlphaVantagePollingConfig(jobs);
    }

    /** Requests the whole plan sends in 24 hours. */
    public long requestsPerDay() {
        return jobs.stream().mapToLong(Job::requestsPerDay).sum();
    }
}
