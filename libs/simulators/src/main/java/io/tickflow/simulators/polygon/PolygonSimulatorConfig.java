package io.tickflow.simulators.polygon;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configuration of a {@link PolygonSimulator}. Every setting has a default matching the documented Polygon/Massive
 * behaviour (one WebSocket connection per cluster and key, 50,000 aggregates per REST page at most).
 *
 * @param host                   interface a standalone simulator binds (default 127.0.0.1)
 * @param port                   port a standalone simulator binds; 0 picks a free one
 * @param apiKey                 the only accepted API key, on the socket ({@code auth}) and over REST ({@code apiKey} or
 *                               {@code Authorization: Bearer})
 * @param seed                   seed of every random choice (price walks, trade sizes, REST history, gaps)
 * @param clock                  simulated wall clock: event timestamps ({@code t}, {@code s}, {@code e}) and aggregate windows
 * @param pairs                  crypto pairs on offer, {@code {from}-{to}} (e.g. BTC-USD) to their starting mid price
 * @param quotesPerSecond        default XQ rate of every pair
 * @param tradesPerSecond        default XT rate of every pair (XA/XAS bars are built from these trades)
 * @param tickInterval           period of the timer that emits quotes and trades and closes aggregate windows
 * @param maxConnectionsPerKey   authenticated sockets one key may hold at once; the next one gets {@code max_connections}
 *                               and is closed with 1008 (Massive: one per cluster)
 * @param authTimeout            a socket that has not sent {@code auth} by then gets {@code auth_timeout} and is closed
 * @param forcedDisconnectEvery  close every socket this often, as Massive does about every two hours; null = never
 * @param maxResultsPerPage      REST page size cap (Massive: {@code limit} up to 50,000); smaller values force pagination
 * @param restRequestsPerMinute  REST requests per minute and key before 429 (Massive free tier: 5); 0 = unlimited
 * @param gapProbability         probability that a generated minute or second has no trades, hence no REST bar
 */
public record PolygonSimulatorConfig(
        String host,
        int port,
        String apiKey,
        long seed,
        Clock clock,
        Map<String, BigDecimal> pairs,
        int quotesPerSecond,
        int tradesPerSecond,
        Duration tickInterval,
        int maxConnectionsPerKey,
        Duration authTimeout,
        Duration forcedDisconnectEvery,
        int maxResultsPerPage,
        int restRequestsPerMinute,
        double gapProbability) {

    public static final String DEFAULT_API_KEY = "sim-polygon-key";
    private static final Pattern PAIR = Pattern.compile("[A-Z0-9]{1,12}-[A-Z0-9]{1,12}");

    public PolygonSimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tickInterval, "tickInterval");
        Objects.requireNonNull(authTimeout, "authTimeout");
        pairs = Map.copyOf(pairs);
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("at least one pair is required");
        }
        pairs.forEach((pair, price) -> {
            if (!PAIR.matcher(pair).matches()) {
                throw new IllegalArgumentException("pair must look like BTC-USD: " + pair);
            }
            if (price == null || price.signum() <= 0) {
                throw new IllegalArgumentException("starting price of " + pair + " must be positive");
            }
        });
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (quotesPerSecond < 0 || tradesPerSecond < 0) {
            throw new IllegalArgumentException("quote and trade rates must be >= 0");
        }
        if (tickInterval.toMillis() < 1) {
            throw new IllegalArgumentException("tickInterval must be at least 1 ms (Vert.x timer resolution)");
        }
        if (maxConnectionsPerKey < 1 || maxResultsPerPage < 1 || restRequestsPerMinute < 0) {
            throw new IllegalArgumentException("maxConnectionsPerKey >= 1, maxResultsPerPage >= 1, restRequestsPerMinute >= 0");
        }
        if (forcedDisconnectEvery != null && forcedDisconnectEvery.toMillis() < 1) {
            throw new IllegalArgumentException("forcedDisconnectEvery must be positive (or null for never)");
        }
        if (!(gapProbability >= 0 && gapProbability < 1)) {
            throw new IllegalArgumentException("gapProbability must be within [0, 1): " + gapProbability);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static PolygonSimulatorConfig defaults() {
        return builder().build();
    }

    /** Never prints the API key: configs end up in logs. */
    @Override
    public String toString() {
        return "PolygonSimulatorConfig[host=" + host + ", port=" + port + ", apiKey=***, seed=" + seed + ", pairs=" + pairs.keySet()
                + ", quotesPerSecond=" + quotesPerSecond + ", tradesPerSecond=" + tradesPerSecond
                + ", maxConnectionsPerKey=" + maxConnectionsPerKey + ", forcedDisconnectEvery=" + forcedDisconnectEvery
                + ", maxResultsPerPage=" + maxResultsPerPage + ", restRequestsPerMinute=" + restRequestsPerMinute + "]";
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String apiKey = DEFAULT_API_KEY;
        private long seed = 42L;
        private Clock clock = Clock.systemUTC();
        private Map<String, BigDecimal> pairs = new LinkedHashMap<>(Map.of(
                "BTC-USD", new BigDecimal("65000.00"),
                "ETH-USD", new BigDecimal("3200.00")));
        private int quotesPerSecond = 5;
        private int tradesPerSecond = 2;
        private Duration tickInterval = Duration.ofMillis(10);
        private int maxConnectionsPerKey = 1;
        private Duration authTimeout = Duration.ofSeconds(10);
        private Duration forcedDisconnectEvery = null;
        private int maxResultsPerPage = 50_000;
        private int restRequestsPerMinute = 0;
        private double gapProbability = 0.02;

        private Builder() {
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder apiKey(String apiKey) { this.apiKey = apiKey; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder pairs(Map<String, BigDecimal> pairs) { this.pairs = new LinkedHashMap<>(pairs); return this; }
        public Builder quotesPerSecond(int rate) { this.quotesPerSecond = rate; return this; }
        public Builder tradesPerSecond(int rate) { this.tradesPerSecond = rate; return this; }
        public Builder tickInterval(Duration interval) { this.tickInterval = interval; return this; }
        public Builder maxConnectionsPerKey(int max) { this.maxConnectionsPerKey = max; return this; }
        public Builder authTimeout(Duration timeout) { this.authTimeout = timeout; return this; }
        public Builder forcedDisconnectEvery(Duration every) { this.forcedDisconnectEvery = every; return this; }
        public Builder maxResultsPerPage(int max) { this.maxResultsPerPage = max; return this; }
        public Builder restRequestsPerMinute(int max) { this.restRequestsPerMinute = max; return this; }
        public Builder gapProbability(double probability) { this.gapProbability = probability; return this; }

        public PolygonSimulatorConfig build() {
            return new PolygonSimulatorConfig(host, port, apiKey, seed, clock, pairs, quotesPerSecond, tradesPerSecond,
                    tickInterval, maxConnectionsPerKey, authTimeout, forcedDisconnectEvery, maxResultsPerPage,
                    restRequestsPerMinute, gapProbability);
        }
    }
}
