package io.tickflow.domain.position;

import io.tickflow.events.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Net position and P&amp;L of one instrument from its fills, exact. The average entry price is kept at
 * {@link #AVERAGE_SCALE} decimals (it is a quotient); realised P&amp;L is exact in the instrument's currency.
 * Used by execution for live positions and by the backtest engine, so both account for a fill the same way.
 */
public final class PositionLedger {

    public static final int AVERAGE_SCALE = 10;

    private final String instrument;
    private BigDecimal netSize = BigDecimal.ZERO;
    private BigDecimal averagePrice = BigDecimal.ZERO;
    private BigDecimal realizedPnl = BigDecimal.ZERO;

    public PositionLedger(String instrument) {
        this.instrument = instrument;
    }

    public PositionLedger(String instrument, BigDecimal netSize, BigDecimal averagePrice, BigDecimal realizedPnl) {
        this.instrument = instrument;
        this.netSize = netSize;
        this.averagePrice = averagePrice;
        this.realizedPnl = realizedPnl;
    }

    /** Applies a fill and returns the P&amp;L it realised (zero when it only added to the position). */
    public BigDecimal apply(Side side, BigDecimal size, BigDecimal price) {
        BigDecimal signed = side == Side.BUY ? size : size.negate();
        BigDecimal realized = BigDecimal.ZERO;
        if (netSize.signum() == 0 || netSize.signum() == signed.signum()) {
            // opening or adding: new average = (|net|*avg + size*price) / (|net| + size)
            BigDecimal absNet = netSize.abs();
            averagePrice = absNet.multiply(averagePrice).add(size.multiply(price))
                    .divide(absNet.add(size), AVERAGE_SCALE, RoundingMode.HALF_EVEN);
            netSize = netSize.add(signed);
        } else {
            BigDecimal closing = size.min(netSize.abs());
            // a long closed by a sell gains (price - avg), a short closed by a buy gains (avg - price)
            BigDecimal perUnit = netSize.signum() > 0 ? price.subtract(averagePrice) : averagePrice.subtract(price);
            realized = capScale(perUnit.multiply(closing));
            realizedPnl = realizedPnl.add(realized);
            netSize = netSize.add(signed);
            if (netSize.signum() == 0) {
                averagePrice = BigDecimal.ZERO;
            } else if (size.compareTo(closing) > 0) {
                averagePrice = price.setScale(AVERAGE_SCALE, RoundingMode.UNNECESSARY); // flipped: rest opens at price
            }
        }
        return realized;
    }

    public BigDecimal unrealizedPnl(BigDecimal markPrice) {
        if (netSize.signum() == 0 || markPrice == null) {
            return BigDecimal.ZERO;
        }
        return capScale(markPrice.subtract(averagePrice).multiply(netSize));
    }

    /**
     * P&amp;L computed from the average price (a rounded quotient) can carry its 10 decimals times the size's: keep at
     * most {@link #AVERAGE_SCALE}, so amounts stay within what every event and column accepts.
     */
    private static BigDecimal capScale(BigDecimal amount) {
        return amount.scale() > AVERAGE_SCALE ? amount.setScale(AVERAGE_SCALE, RoundingMode.HALF_EVEN) : amount;
    }

    public String instrument() {
        return instrument;
    }

    public BigDecimal netSize() {
        return netSize;
    }

    public BigDecimal averagePrice() {
        return averagePrice;
    }

    public BigDecimal realizedPnl() {
        return realizedPnl;
    }
}
