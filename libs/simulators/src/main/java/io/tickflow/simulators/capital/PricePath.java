package io.tickflow.simulators.capital;

import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * The seeded random walk of one instrument: the mid price moves in whole ticks (so prices are exact decimals, never doubles),
 * with a weak pull back to the starting price so that hours-long benchmark runs stay "around 90,000". Only the random draws are
 * floating point; they are rounded to ticks immediately.
 *
 * <p>Not thread-safe: owned by {@link SimulatedInstrument}, which serialises access.
 */
final class PricePath {

    /** Ornstein-Uhlenbeck pull towards the anchor: about 1/e of a deviation is gone after an hour. */
    private static final double MEAN_REVERSION_PER_SECOND = 1.0 / 3600.0;

    private final InstrumentSpec spec;
    private final SplittableRandom random;
    private final long anchorTicks;
    private final long minSpreadTicks;
    private final long maxSpreadTicks;
    private final long minQuantityUnits;
    private final long maxQuantityUnits;
    private final int quantityScale;
    private long midTicks;

    PricePath(InstrumentSpec spec, long seed) {
        this.spec = spec;
        // Each epic gets its own stream derived from the seed and its name, so adding an instrument does not change the others.
        this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * spec.epic().hashCode()));
        this.anchorTicks = spec.toTicks(spec.initialMid());
        this.midTicks = anchorTicks;
        this.minSpreadTicks = spec.toTicks(spec.minSpread());
        this.maxSpreadTicks = spec.toTicks(spec.maxSpread());
        this.quantityScale = Math.max(spec.minQuoteQuantity().scale(), spec.maxQuoteQuantity().scale());
        this.minQuantityUnits = spec.minQuoteQuantity().movePointRight(quantityScale).longValueExact();
        this.maxQuantityUnits = spec.maxQuoteQuantity().movePointRight(quantityScale).longValueExact();
    }

    /** Moves the mid by one random step worth {@code dtSeconds} of market time. */
    void step(double dtSeconds) {
        double sigmaTicks = midTicks * spec.volatilityPerSqrtSecond() * Math.sqrt(dtSeconds);
        double pullTicks = -MEAN_REVERSION_PER_SECOND * dtSeconds * (midTicks - anchorTicks);
        long moveTicks = Math.round(random.nextGaussian() * sigmaTicks + pullTicks);
        midTicks = Math.max(maxSpreadTicks, midTicks + moveTicks);
    }

    /** Bid and ask around the current mid with a freshly drawn spread; the spread straddles the mid, the ask is above. */
    long[] bidAskTicks() {
        long spreadTicks = minSpreadTicks == maxSpreadTicks ? minSpreadTicks : random.nextLong(minSpreadTicks, maxSpreadTicks + 1);
        long bidTicks = midTicks - spreadTicks / 2;
        return new long[] {bidTicks, bidTicks + spreadTicks};
    }

    BigDecimal nextQuantity() {
        long units = minQuantityUnits == maxQuantityUnits ? minQuantityUnits : random.nextLong(minQuantityUnits, maxQuantityUnits + 1);
        return BigDecimal.valueOf(units, quantityScale);
    }

    /** A draw for things like bar volumes, from the same seeded stream so that a whole run is reproducible. */
    long nextLong(long fromInclusive, long toExclusive) {
        return random.nextLong(fromInclusive, toExclusive);
    }
}
