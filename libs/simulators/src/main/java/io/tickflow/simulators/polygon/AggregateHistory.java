package io.tickflow.simulators.polygon;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The history behind the REST aggregates endpoint. Each base bar (one second or one minute) is a pure function of the
 * seed, the pair and the bar's index since the epoch, so any range can be served without storing anything and the same
 * request always gets the same answer. Hour and day bars are aggregated from the minute bars inside them. A base bar is
 * missing with probability {@code gapProbability}: Massive emits no bar for an interval without trades, and clients must
 * not mistake that for an outage.
 *
 * <p>Second bars are generated on their own and are not consistent with the minute bars (a simulator simplification).
 * Tests that need exact values put them with {@link #put}; those replace the generated bars of that ticker, multiplier and
 * timespan.
 */
final class AggregateHistory {

    /** Bars aggregated from at most this many base bars per request, so one request cannot stall the event loop. */
    static final long MAX_BASE_BARS = 3_000_000;

    private final long seed;
    private final double gapProbability;
    private final Map<String, BigDecimal> startPrices;
    private final Map<String, List<AggregateBar>> overrides = new ConcurrentHashMap<>();

    AggregateHistory(PolygonSimulatorConfig config) {
        this.seed = config.seed();
        this.gapProbability = config.gapProbability();
        this.startPrices = config.pairs();
    }

    enum Timespan {
        SECOND(1_000), MINUTE(60_000), HOUR(3_600_000), DAY(86_400_000);

        final long millis;

        Timespan(long millis) {
            this.millis = millis;
        }

        static Timespan parse(String text) {
            for (Timespan timespan : values()) {
                if (timespan.name().equalsIgnoreCase(text)) {
                    return timespan;
                }
            }
            return null;
        }
    }

    void put(String ticker, int multiplier, Timespan timespan, List<AggregateBar> bars) {
        overrides.put(key(ticker, multiplier, timespan), List.copyOf(bars));
    }

    /** The pair a REST ticker names: {@code X:BTCUSD} is BTC-USD; null if the simulator does not offer it. */
    String pairOf(String ticker) {
        if (!ticker.startsWith("X:")) {
            return null;
        }
        String joined = ticker.substring(2);
        return startPrices.keySet().stream().filter(pair -> pair.replace("-", "").equals(joined)).findFirst().orElse(null);
    }

    /** Bars whose window starts in [fromMillis, toMillis], ascending; empty for an unknown ticker. */
    List<AggregateBar> bars(String ticker, int multiplier, Timespan timespan, long fromMillis, long toMillis) {
        List<AggregateBar> fixed = overrides.get(key(ticker, multiplier, timespan));
        if (fixed != null) {
            return fixed.stream()
                    .filter(bar -> bar.t().toEpochMilli() >= fromMillis && bar.t().toEpochMilli() <= toMillis)
                    .sorted(Comparator.comparing(AggregateBar::t))
                    .toList();
        }
        String pair = pairOf(ticker);
        if (pair == null || toMillis < fromMillis) {
            return List.of();
        }
        Timespan base = timespan == Timespan.SECOND ? Timespan.SECOND : Timespan.MINUTE;
        long length = multiplier * timespan.millis;
        long firstWindow = Math.floorDiv(fromMillis, length) * length;
        if (firstWindow < fromMillis) {
            firstWindow += length;
        }
        long baseBars = (toMillis - firstWindow) / base.millis + length / base.millis;
        if (baseBars > MAX_BASE_BARS) {
            throw new IllegalArgumentException("range too large for the simulator: " + baseBars + " base bars");
        }
        List<AggregateBar> bars = new ArrayList<>();
        for (long window = firstWindow; window <= toMillis; window += length) {
            AggregateBar bar = aggregate(pair, base, window, window + length);
            if (bar != null) {
                bars.add(bar);
            }
        }
        return bars;
    }

    private AggregateBar aggregate(String pair, Timespan base, long startMillis, long endMillis) {
        BigDecimal open = null;
        BigDecimal high = null;
        BigDecimal low = null;
        BigDecimal close = null;
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        long trades = 0;
        for (long t = startMillis; t < endMillis; t += base.millis) {
            AggregateBar bar = baseBar(pair, base, t / base.millis);
            if (bar == null) {
                continue;
            }
            if (open == null) {
                open = bar.o();
                high = bar.h();
                low = bar.l();
            } else {
                high = high.max(bar.h());
                low = low.min(bar.l());
            }
            close = bar.c();
            volume = volume.add(bar.v());
            notional = notional.add(bar.vw().multiply(bar.v()));
            trades += bar.n();
        }
        if (open == null) {
            return null;
        }
        return new AggregateBar(java.time.Instant.ofEpochMilli(startMillis), open, high, low, close, volume,
                notional.divide(volume, 4, RoundingMode.HALF_EVEN), trades);
    }

    /**
     * The base bar number {@code index} of {@code pair}: a smooth deterministic path (weekly and five-minute waves, in
     * cents; {@link StrictMath} so every JVM computes the same) plus hashed noise, or null when the bar is a gap.
     */
    private AggregateBar baseBar(String pair, Timespan base, long index) {
        long hash = mix(seed, pair.hashCode(), base.ordinal(), index);
        if (unit(hash) < gapProbability) {
            return null;
        }
        long startCents = startPrices.get(pair).movePointRight(2).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        double minutes = index * (base.millis / 60_000.0);
        long openCents = level(startCents, minutes) + (mix(hash, 1) % 500);
        long closeCents = level(startCents, minutes + base.millis / 60_000.0) + (mix(hash, 2) % 500);
        long highCents = Math.max(openCents, closeCents) + Math.abs(mix(hash, 3) % 300);
        long lowCents = Math.min(openCents, closeCents) - Math.abs(mix(hash, 4) % 300);
        BigDecimal volume = BigDecimal.valueOf(1_000_000 + Math.abs(mix(hash, 5) % 500_000_000L), 8);
        long trades = 1 + Math.abs(mix(hash, 6) % 200);
        long vwCents = (openCents + closeCents + highCents + lowCents) / 4;
        return new AggregateBar(java.time.Instant.ofEpochMilli(index * base.millis), cents(openCents), cents(highCents),
                cents(lowCents), cents(closeCents), volume, cents(vwCents), trades);
    }

    private static long level(long startCents, double minutes) {
        double wave = 0.03 * StrictMath.sin(2 * StrictMath.PI * minutes / (7 * 24 * 60))
                + 0.002 * StrictMath.sin(2 * StrictMath.PI * minutes / 5);
        return Math.max(100, Math.round(startCents * (1 + wave)));
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(Math.max(1, cents), 2);
    }

    /** SplitMix64 over the inputs: a well-spread 64-bit hash. */
    private static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long value : values) {
            h ^= value;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
            h *= 0x94D049BB133111EBL;
            h ^= h >>> 29;
        }
        return h;
    }

    private static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    private static String key(String ticker, int multiplier, Timespan timespan) {
        return ticker + "/" + multiplier + "/" + timespan;
    }
}
