package io.tickflow.domain.instrument;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What Tickflow must know to price and size orders in one instrument. Prices are held at {@code priceScale}
 * decimals and sizes on the {@code sizeIncrement} grid; the broker's dealing rules refresh these at run time.
 */
public record Instrument(
        String id,
        String currency,
        int priceScale,
        BigDecimal minSize,
        BigDecimal maxSize,
        BigDecimal sizeIncrement,
        TradingHours tradingHours) {

    public Instrument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(minSize, "minSize");
        Objects.requireNonNull(maxSize, "maxSize");
        Objects.requireNonNull(sizeIncrement, "sizeIncrement");
        Objects.requireNonNull(tradingHours, "tradingHours");
        if (priceScale < 0 || priceScale > 10) {
            throw new IllegalArgumentException("priceScale out of range: " + priceScale);
        }
        if (sizeIncrement.signum() <= 0 || minSize.signum() <= 0 || maxSize.compareTo(minSize) < 0) {
            throw new IllegalArgumentException("inconsistent size rules for " + id);
        }
    }

    public BigDecimal roundPrice(BigDecimal price) {
        return price.setScale(priceScale, RoundingMode.HALF_EVEN);
    }

    /** Whether {@code size} lies on the size grid and within [minSize, maxSize]. */
    public boolean isValidSize(BigDecimal size) {
        return size.compareTo(minSize) >= 0 && size.compareTo(maxSize) <= 0
                && size.remainder(sizeIncrement).signum() == 0;
    }

    /** Rounds a size down onto the grid: never trades more than asked. */
    public BigDecimal floorToGrid(BigDecimal size) {
        BigDecimal steps = size.divide(sizeIncrement, 0, RoundingMode.DOWN);
        return steps.multiply(sizeIncrement).setScale(sizeIncrement.scale(), RoundingMode.UNNECESSARY);
    }
}
