package io.tickflow.simulators.polygon;


import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One crypto pair's simulated top of book: a seeded random walk in cents, quotes around it, and trades at the bid or the
 * ask. Prices are exact decimals built from whole cents; the path is a pure function of the seed and the number of quotes
 * and trades drawn. Second and minute aggregates (XAS, XA) are accumulated from the trades drawn here, so a window without
 * trades produces no bar, as documented for Massive. Not thread-safe: the market drives it under its own lock.
 */
final class SimulatedPair {

    private static final BigDecimal CENT = new BigDecimal("0.01");
    /** Exchanges the simulated trades and quotes claim to come from (Massive crypto exchange ids). */
    private static final int[] EXCHANGES = {1, 2, 6, 23};

    final String pair;
    private final SplittableRandom random;
    private final long floorCents;
    private long midCents;
    private long bidCents;
    private long askCents;
    private long tradeIds;
    private final Window second = new Window("XAS", 1_000);
    private final Window minute = new Window("XA", 60_000);

    SimulatedPair(String pair, BigDecimal startPrice, long seed) {
        this.pair = pair;
        this.random = new SplittableRandom(seed ^ pair.hashCode() * 0x9E3779B97F4A7C15L);
        this.midCents = startPrice.movePointRight(2).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        // Keep the walk well away from zero whatever the seed: a simulator that produced non-positive prices by itself
        // would be indistinguishable from the "bad price" fault.
        this.floorCents = Math.max(100, midCents / 10);
        spreadAround(midCents);
    }

    CryptoQuote nextQuote(long nowMillis) {
        midCents = Math.max(floorCents, midCents + random.nextLong(-300, 301));
        spreadAround(midCents);
        return new CryptoQuote("XQ", pair, cents(bidCents), size(), cents(askCents), size(), nowMillis,
                EXCHANGES[random.nextInt(EXCHANGES.length)], nowMillis + random.nextInt(1, 20));
    }

    CryptoTrade nextTrade(long nowMillis) {
        BigDecimal price = cents(random.nextBoolean() ? bidCents : askCents);
        BigDecimal size = size();
        second.add(price, size, nowMillis);
        minute.add(price, size, nowMillis);
        return new CryptoTrade("XT", pair, price, nowMillis, size, List.of(random.nextInt(0, 3)),
                Long.toString(++tradeIds), EXCHANGES[random.nextInt(EXCHANGES.length)], nowMillis + random.nextInt(1, 20));
    }

    /** Aggregates whose window ended by {@code nowMillis} and had trades, oldest first (seconds before minutes). */
    List<CryptoAggregate> closedAggregates(long nowMillis) {
        List<CryptoAggregate> bars = new ArrayList<>(second.takeClosed(nowMillis));
        bars.addAll(minute.takeClosed(nowMillis));
        return bars;
    }

    private void spreadAround(long mid) {
        long halfSpread = 1 + random.nextInt(4);
        bidCents = mid - halfSpread;
        askCents = mid + halfSpread;
    }

    /** Crypto sizes have eight decimals: 0.00010000 to 0.50000000. */
    private BigDecimal size() {
        return BigDecimal.valueOf(random.nextLong(10_000, 50_000_001), 8);
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** Trades of one aggregate window [start, start + length), and the windows already closed but not yet sent. */
    private final class Window {
        private final String ev;
        private final long lengthMillis;
        private final List<CryptoAggregate> closed = new ArrayList<>();
        private long start = Long.MIN_VALUE;
        private BigDecimal open;
        private BigDecimal high;
        private BigDecimal low;
        private BigDecimal close;
        private BigDecimal volume = BigDecimal.ZERO;
        private BigDecimal notional = BigDecimal.ZERO;
        private int trades;

        Window(String ev, long lengthMillis) {
            this.ev = ev;
            this.lengthMillis = lengthMillis;
        }

        void add(BigDecimal price, BigDecimal size, long atMillis) {
            long windowStart = atMillis - Math.floorMod(atMillis, lengthMillis);
            if (windowStart != start) {
                // The first trade of a new window closes the previous one, even if the timer has not got round to it.
                closeCurrent();
                start = windowStart;
            }
            if (trades == 0) {
                open = price;
                high = price;
                low = price;
            } else {
                high = high.max(price);
                low = low.min(price);
            }
            close = price;
            volume = volume.add(size);
            notional = notional.add(price.multiply(size));
            trades++;
        }

        List<CryptoAggregate> takeClosed(long nowMillis) {
            if (trades > 0 && nowMillis >= start + lengthMillis) {
                closeCurrent();
            }
            if (closed.isEmpty()) {
                return List.of();
            }
            List<CryptoAggregate> taken = List.copyOf(closed);
            closed.clear();
            return taken;
        }

        private void closeCurrent() {
            if (trades == 0) {
                return;
            }
            closed.add(new CryptoAggregate(ev, pair, open, close, high, low, volume, start, start + lengthMillis,
                    notional.divide(volume, 2, RoundingMode.HALF_EVEN),
                    volume.divide(BigDecimal.valueOf(trades), 8, RoundingMode.HALF_EVEN)));
            trades = 0;
            volume = BigDecimal.ZERO;
            notional = BigDecimal.ZERO;
        }
    }
}
