package io.tickflow.simulators.capital;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a {@link CapitalComSimulator}. Build one with {@link #builder()}; every setting has a default that matches the
 * documented Capital.com behaviour (10-minute idle sessions, 10 requests/s per session, 1 login/s per API key, 40 epics per
 * stream).
 *
 * @param host                        interface a standalone simulator binds (default 127.0.0.1)
 * @param port                        port a standalone simulator binds; 0 picks a free one
 * @param apiKey                      the only accepted {@code X-CAP-API-KEY}
 * @param identifier                  the accepted login identifier
 * @param password                    the accepted API-key password (plain or RSA-encrypted on the wire)
 * @param seed                        seed of every random choice (price paths, spreads, quantities, history)
 * @param clock                       simulated wall-clock: market hours, timestamps, session expiry and rate-limit windows
 * @param instruments                 instruments on offer
 * @param quotesPerSecond             default quote rate of every instrument while its market is open
 * @param quotesPerSecondByEpic       per-epic overrides of {@code quotesPerSecond} (e.g. BTCUSD at 1000/s for a benchmark)
 * @param streamTickInterval          period of the timer that emits quotes; each tick emits as many quotes as the rate demands
 * @param probeEveryN                 latency probe: the k-th order of an epic is matched with its (k*N)-th streamed quote; 0 = off
 * @param sessionIdleTimeout          tokens expire after this long without use (Capital.com: 10 minutes)
 * @param maxRequestsPerSecondPerSession REST requests per second per session before 429; 0 = unlimited
 * @param maxLoginsPerSecondPerApiKey {@code POST /session} per second per API key before 429; 0 = unlimited
 * @param streamIdleTimeout           a streaming socket that sends nothing (no ping) for this long is closed (Capital.com: 10 min)
 * @param maxEpicsPerStream           subscription limit of one streaming socket (Capital.com: 40)
 * @param historyLength               minute bars generated before start-up, served by {@code GET /prices}
 * @param orderHangDuration           how long a {@code POST /positions} hung by fault injection is held before it is answered
 * @param accountTimezoneOffsetHours  offset of the non-UTC timestamps ({@code date}, {@code createdDate}, {@code snapshotTime});
 *                                    non-zero by default so clients that read the local fields instead of the UTC ones get caught
 * @param accountBalance              starting balance of each simulated account
 * @param orderLogCapacity            how many received orders {@code /sim/orders} keeps (oldest dropped first)
 * @param chaosRate                   chaos mode from start-up: probability that a {@code POST /positions} is hit by a random
 *                                    {@link ChaosFault}; 0 (the default) leaves it off (see {@link SimulatorFaults#startChaos})
 * @param chaosSeed                   seed of the chaos draws (default 1)
 */
public record CapitalComSimulatorConfig(
        String host,
        int port,
        String apiKey,
        String identifier,
        String password,
        long seed,
        Clock clock,
        List<InstrumentSpec> instruments,
        int quotesPerSecond,
        Map<String, Integer> quotesPerSecondByEpic,
        Duration streamTickInterval,
        int probeEveryN,
        Duration sessionIdleTimeout,
        int maxRequestsPerSecondPerSession,
        int maxLoginsPerSecondPerApiKey,
        Duration streamIdleTimeout,
        int maxEpicsPerStream,
        Duration historyLength,
        Duration orderHangDuration,
        int accountTimezoneOffsetHours,
        BigDecimal accountBalance,
        int orderLogCapacity,
        double chaosRate,
        long chaosSeed) {

    public static final String DEFAULT_API_KEY = "sim-api-key";
    public static final String DEFAULT_IDENTIFIER = "sim@tickflow.local";
    public static final String DEFAULT_PASSWORD = "sim-password";

    public CapitalComSimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(streamTickInterval, "streamTickInterval");
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
        Objects.requireNonNull(historyLength, "historyLength");
        Objects.requireNonNull(orderHangDuration, "orderHangDuration");
        Objects.requireNonNull(accountBalance, "accountBalance");
        instruments = List.copyOf(instruments);
        quotesPerSecondByEpic = Map.copyOf(quotesPerSecondByEpic);
        if (instruments.isEmpty()) {
            throw new IllegalArgumentException("at least one instrument is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (quotesPerSecond < 0 || quotesPerSecondByEpic.values().stream().anyMatch(rate -> rate < 0)) {
            throw new IllegalArgumentException("quote rates must be >= 0");
        }
        if (streamTickInterval.toMillis() < 1) {
            throw new IllegalArgumentException("streamTickInterval must be at least 1 ms (Vert.x timer resolution)");
        }
        if (probeEveryN < 0 || maxEpicsPerStream < 1 || orderLogCapacity < 1) {
            throw new IllegalArgumentException("probeEveryN >= 0, maxEpicsPerStream >= 1 and orderLogCapacity >= 1 required");
        }
        if (!(chaosRate >= 0 && chaosRate <= 1)) {
            throw new IllegalArgumentException("chaosRate must be within [0, 1]: " + chaosRate);
        }
        for (String epic : quotesPerSecondByEpic.keySet()) {
            if (instruments.stream().noneMatch(spec -> spec.epic().equals(epic))) {
                throw new IllegalArgumentException("quote rate configured for unknown epic " + epic);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CapitalComSimulatorConfig defaults() {
        return builder().build();
    }

    public int quotesPerSecond(String epic) {
        return quotesPerSecondByEpic.getOrDefault(epic, quotesPerSecond);
    }

    /** Never prints the password or API key: configs end up in logs. */
    @Override
    public String toString() {
        return "CapitalComSimulatorConfig[host=" + host + ", port=" + port + ", identifier=" + identifier + ", seed=" + seed
                + ", instruments=" + instruments.stream().map(InstrumentSpec::epic).toList()
                + ", quotesPerSecond=" + quotesPerSecond + ", quotesPerSecondByEpic=" + quotesPerSecondByEpic
                + ", probeEveryN=" + probeEveryN + ", sessionIdleTimeout=" + sessionIdleTimeout
                + ", orderLogCapacity=" + orderLogCapacity
                + (chaosRate > 0 ? ", chaosRate=" + chaosRate + ", chaosSeed=" + chaosSeed : "") + "]";
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.host = host;
        builder.port = port;
        builder.apiKey = apiKey;
        builder.identifier = identifier;
        builder.password = password;
        builder.seed = seed;
        builder.clock = clock;
        builder.instruments = instruments;
        builder.quotesPerSecond = quotesPerSecond;
        builder.quotesPerSecondByEpic = new LinkedHashMap<>(quotesPerSecondByEpic);
        builder.streamTickInterval = streamTickInterval;
        builder.probeEveryN = probeEveryN;
        builder.sessionIdleTimeout = sessionIdleTimeout;
        builder.maxRequestsPerSecondPerSession = maxRequestsPerSecondPerSession;
        builder.maxLoginsPerSecondPerApiKey = maxLoginsPerSecondPerApiKey;
        builder.streamIdleTimeout = streamIdleTimeout;
        builder.maxEpicsPerStream = maxEpicsPerStream;
        builder.historyLength = historyLength;
        builder.orderHangDuration = orderHangDuration;
        builder.accountTimezoneOffsetHours = accountTimezoneOffsetHours;
        builder.accountBalance = accountBalance;
        builder.orderLogCapacity = orderLogCapacity;
        builder.chaosRate = chaosRate;
        builder.chaosSeed = chaosSeed;
        return builder;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String apiKey = DEFAULT_API_KEY;
        private String identifier = DEFAULT_IDENTIFIER;
        private String password = DEFAULT_PASSWORD;
        private long seed = 42L;
        private Clock clock = Clock.systemUTC();
        private List<InstrumentSpec> instruments = InstrumentSpec.catalogue();
        private int quotesPerSecond = 5;
        private Map<String, Integer> quotesPerSecondByEpic = new LinkedHashMap<>();
        private Duration streamTickInterval = Duration.ofMillis(10);
        private int probeEveryN = 0;
        private Duration sessionIdleTimeout = Duration.ofMinutes(10);
        private int maxRequestsPerSecondPerSession = 10;
        private int maxLoginsPerSecondPerApiKey = 1;
        private Duration streamIdleTimeout = Duration.ofMinutes(10);
        private int maxEpicsPerStream = 40;
        private Duration historyLength = Duration.ofDays(3);
        private Duration orderHangDuration = Duration.ofSeconds(30);
        private int accountTimezoneOffsetHours = 3;
        private BigDecimal accountBalance = new BigDecimal("10000.00");
        private int orderLogCapacity = 100_000;
        private double chaosRate = 0;
        private long chaosSeed = 1;

        private Builder() {
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder apiKey(String apiKey) { this.apiKey = apiKey; return this; }
        public Builder identifier(String identifier) { this.identifier = identifier; return this; }
        public Builder password(String password) { this.password = password; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder instruments(List<InstrumentSpec> instruments) { this.instruments = instruments; return this; }
        public Builder quotesPerSecond(int quotesPerSecond) { this.quotesPerSecond = quotesPerSecond; return this; }
        public Builder quotesPerSecond(String epic, int quotesPerSecond) {
            this.quotesPerSecondByEpic.put(epic, quotesPerSecond);
            return this;
        }
        public Builder streamTickInterval(Duration interval) { this.streamTickInterval = interval; return this; }
        public Builder probeEveryN(int probeEveryN) { this.probeEveryN = probeEveryN; return this; }
        public Builder sessionIdleTimeout(Duration timeout) { this.sessionIdleTimeout = timeout; return this; }
        public Builder maxRequestsPerSecondPerSession(int max) { this.maxRequestsPerSecondPerSession = max; return this; }
        public Builder maxLoginsPerSecondPerApiKey(int max) { this.maxLoginsPerSecondPerApiKey = max; return this; }
        public Builder streamIdleTimeout(Duration timeout) { this.streamIdleTimeout = timeout; return this; }
        public Builder maxEpicsPerStream(int max) { this.maxEpicsPerStream = max; return this; }
        public Builder historyLength(Duration length) { this.historyLength = length; return this; }
        public Builder orderHangDuration(Duration duration) { this.orderHangDuration = duration; return this; }
        public Builder accountTimezoneOffsetHours(int hours) { this.accountTimezoneOffsetHours = hours; return this; }
        public Builder accountBalance(BigDecimal balance) { this.accountBalance = balance; return this; }
        public Builder orderLogCapacity(int capacity) { this.orderLogCapacity = capacity; return this; }
        /** Chaos mode from start-up: each {@code POST /positions} is hit with probability {@code rate}; 0 = off. */
        public Builder chaos(double rate, long seed) { this.chaosRate = rate; this.chaosSeed = seed; return this; }

        public CapitalComSimulatorConfig build() {
            return new CapitalComSimulatorConfig(host, port, apiKey, identifier, password, seed, clock, instruments,
                    quotesPerSecond, quotesPerSecondByEpic, streamTickInterval, probeEveryN, sessionIdleTimeout,
                    maxRequestsPerSecondPerSession, maxLoginsPerSecondPerApiKey, streamIdleTimeout, maxEpicsPerStream,
                    historyLength, orderHangDuration, accountTimezoneOffsetHours, accountBalance, orderLogCapacity, chaosRate,
                    chaosSeed);
        }
    }
}
