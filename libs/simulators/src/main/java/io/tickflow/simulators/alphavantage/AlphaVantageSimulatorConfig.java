package io.tickflow.simulators.alphavantage;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configuration of an {@link AlphaVantageSimulator}. Defaults follow the current free tier (25 requests per day, about one
 * request per second) and the current answer shapes (see shared/reference/market-apis.md, section 5).
 *
 * @param host                    interface a standalone simulator binds (default 127.0.0.1)
 * @param port                    port a standalone simulator binds; 0 picks a free one
 * @param apiKey                  the only accepted {@code apikey}
 * @param seed                    seed of the generated series
 * @param clock                   simulated wall clock: the newest bar, "Last Refreshed" and the day the budget counts
 * @param requestsPerDay          answered requests per key and UTC day of {@code clock}; beyond, the daily-limit message
 * @param minSpacing              requests closer together than this (real time) get the burst message; zero = off
 * @param throttleKey             key of the throttle answers: {@code Information} (current) or {@code Note} (until ~2023)
 * @param intradayTimeZone        zone of intraday timestamps, announced in the metadata's "Time Zone" (Alpha Vantage
 *                                says UTC for crypto; set another one to check that clients read it)
 * @param cryptos                 digital currencies on offer (symbol to starting USD price); market must be USD
 * @param wtiStart                starting level of the WTI series (dollars per barrel)
 * @param missingValueProbability probability that a WTI business day carries {@code "."} instead of a value
 * @param legacyDigitalCurrencyKeys serve DIGITAL_CURRENCY_DAILY rows with the 2021 keys ({@code "1a. open (USD)"}, ...,
 *                                {@code "6. market cap (USD)"}) instead of the current ones ({@code "1. open"}, ...)
 * @param premiumFunctions        functions answered with the premium-endpoint {@code Information} message
 */
public record AlphaVantageSimulatorConfig(
        String host,
        int port,
        String apiKey,
        long seed,
        Clock clock,
        int requestsPerDay,
        Duration minSpacing,
        String throttleKey,
        ZoneId intradayTimeZone,
        Map<String, BigDecimal> cryptos,
        BigDecimal wtiStart,
        double missingValueProbability,
        boolean legacyDigitalCurrencyKeys,
        Set<String> premiumFunctions) {

    public static final String DEFAULT_API_KEY = "sim-alphavantage-key";

    public AlphaVantageSimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(minSpacing, "minSpacing");
        Objects.requireNonNull(throttleKey, "throttleKey");
        Objects.requireNonNull(intradayTimeZone, "intradayTimeZone");
        Objects.requireNonNull(wtiStart, "wtiStart");
        cryptos = Map.copyOf(cryptos);
        premiumFunctions = Set.copyOf(premiumFunctions);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (requestsPerDay < 0 || minSpacing.isNegative()) {
            throw new IllegalArgumentException("requestsPerDay >= 0 and a non-negative minSpacing required");
        }
        if (!(missingValueProbability >= 0 && missingValueProbability < 1)) {
            throw new IllegalArgumentException("missingValueProbability must be within [0, 1)");
        }
        if (cryptos.isEmpty() || wtiStart.signum() <= 0 || cryptos.values().stream().anyMatch(price -> price.signum() <= 0)) {
            throw new IllegalArgumentException("at least one crypto, and positive starting prices, are required");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static AlphaVantageSimulatorConfig defaults() {
        return builder().build();
    }

    /** Never prints the API key: configs end up in logs. */
    @Override
    public String toString() {
        return "AlphaVantageSimulatorConfig[host=" + host + ", port=" + port + ", apiKey=***, seed=" + seed
                + ", requestsPerDay=" + requestsPerDay + ", minSpacing=" + minSpacing + ", throttleKey=" + throttleKey
                + ", intradayTimeZone=" + intradayTimeZone + ", cryptos=" + cryptos.keySet()
                + ", legacyDigitalCurrencyKeys=" + legacyDigitalCurrencyKeys + ", premiumFunctions=" + premiumFunctions + "]";
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String apiKey = DEFAULT_API_KEY;
        private long seed = 42L;
        private Clock clock = Clock.systemUTC();
        private int requestsPerDay = 25;
        private Duration minSpacing = Duration.ofSeconds(1);
        private String throttleKey = "Information";
        private ZoneId intradayTimeZone = ZoneId.of("UTC");
        private Map<String, BigDecimal> cryptos = new LinkedHashMap<>(Map.of("BTC", new BigDecimal("65000.00"),
                "ETH", new BigDecimal("3200.00")));
        private BigDecimal wtiStart = new BigDecimal("75.00");
        private double missingValueProbability = 0.05;
        private boolean legacyDigitalCurrencyKeys = false;
        private Set<String> premiumFunctions = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder apiKey(String apiKey) { this.apiKey = apiKey; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder requestsPerDay(int max) { this.requestsPerDay = max; return this; }
        public Builder minSpacing(Duration spacing) { this.minSpacing = spacing; return this; }
        public Builder throttleKey(String key) { this.throttleKey = key; return this; }
        public Builder intradayTimeZone(ZoneId zone) { this.intradayTimeZone = zone; return this; }
        public Builder cryptos(Map<String, BigDecimal> cryptos) { this.cryptos = new LinkedHashMap<>(cryptos); return this; }
        public Builder wtiStart(BigDecimal start) { this.wtiStart = start; return this; }
        public Builder missingValueProbability(double probability) { this.missingValueProbability = probability; return this; }
        public Builder legacyDigitalCurrencyKeys(boolean legacy) { this.legacyDigitalCurrencyKeys = legacy; return this; }
        public Builder premiumFunctions(Set<String> functions) { this.premiumFunctions = new LinkedHashSet<>(functions); return this; }

        public AlphaVantageSimulatorConfig build() {
            return new AlphaVantageSimulatorConfig(host, port, apiKey, seed, clock, requestsPerDay, minSpacing, throttleKey,
                    intradayTimeZone, cryptos, wtiStart, missingValueProbability, legacyDigitalCurrencyKeys,
                    premiumFunctions);
        }
    }
}
