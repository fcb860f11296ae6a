package io.tickflow.domain.instrument;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Fixed-point prices for the per-tick paths (exchange-core style): a price is a {@code long} count of
 * {@code 10^-scale} units at the instrument's price scale, so the strategy and the backtest's replay loop do integer
 * arithmetic instead of allocating BigDecimals on every tick. Live (signals) and backtest convert with these same
 * methods, so both hand the strategy the same numbers. Amounts that leave the loop are turned back into exact
 * BigDecimals with {@link #toDecimal}.
 */
public final class PriceUnits {

    /** Scale for instruments Tickflow does not know (the broker's dealing rules would say; 5 covers FX pips). */
    public static final int FALLBACK_SCALE = 5;

    private PriceUnits() {
    }

    /** The price scale of {@code instrument}: the one in {@link Instruments}, else {@link #FALLBACK_SCALE}. */
    public static int scaleOf(String instrument) {
        return Instruments.find(instrument).map(Instrument::priceScale).orElse(FALLBACK_SCALE);
    }

    /**
     * {@code price} in units of {@code 10^-scale}. A quote finer than the instrument's grid is rounded half-even onto
     * it (live and backtest alike); a price too large for a long fails rather than wrapping.
     */
    public static long toUnits(BigDecimal price, int scale) {
        return price.setScale(scale, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    public static BigDecimal toDecimal(long units, int scale) {
        return BigDecimal.valueOf(units, scale);
    }

    /** Event time as nanoseconds since the epoch: a long compare per tick instead of Instant objects. */
    public static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    public static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
