package io.tickflow.backtest.engine;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How one instrument trades on Capital.com, for the engine's fills. Market orders pay the spread in the data (buy at
 * the ask, sell at the bid); on top of it a configurable slippage in price points and/or basis points of the quote,
 * always against the trader. Margin is notional / leverage. Overnight funding is an annual rate per side, charged
 * (positive) or credited (negative) per night held past the cut-off: size x price x rate / 365. Commission is zero
 * unless configured, in basis points of the notional.
 *
 * @param unitSize       the position a LONG/SHORT signal targets, as in execution ({@code PositionTarget})
 * @param leverage       e.g. 2 for BTCUSD (ESMA retail crypto), 10 for OIL_CRUDE (commodities)
 * @param slippagePoints added to the ask / taken off the bid, in price (e.g. 0.50 USD)
 * @param slippageBps    basis points of the quote price, rounded up onto the price grid (adverse)
 * @param longFundingRate  annual rate charged to longs per night (0.08 = 8 %/year); negative is a credit
 * @param shortFundingRate annual rate charged to shorts per night; negative is a credit
 * @param commissionBps  basis points of the fill's notional, per fill
 */
public record CostModel(
        BigDecimal unitSize,
        BigDecimal leverage,
        BigDecimal slippagePoints,
        BigDecimal slippageBps,
        BigDecimal longFundingRate,
        BigDecimal shortFundingRate,
        BigDecimal commissionBps) {

    public CostModel {
        Objects.requireNonNull(unitSize, "unitSize");
        Objects.requireNonNull(leverage, "leverage");
        slippagePoints = orZero(slippagePoints);
        slippageBps = orZero(slippageBps);
        longFundingRate = orZero(longFundingRate);
        shortFundingRate = orZero(shortFundingRate);
        commissionBps = orZero(commissionBps);
        if (unitSize.signum() <= 0 || leverage.signum() <= 0) {
            throw new IllegalArgumentException("unitSize and leverage must be positive");
        }
        if (slippagePoints.signum() < 0 || slippageBps.signum() < 0 || commissionBps.signum() < 0) {
            throw new IllegalArgumentException("slippage and commission cannot be negative");
        }
    }

    /** Spread only: no slippage, no funding, no commission. */
    public static CostModel spreadOnly(BigDecimal unitSize, BigDecimal leverage) {
        return new CostModel(unitSize, leverage, null, null, null, null, null);
    }

    public CostModel withSlippage(BigDecimal points, BigDecimal bps) {
        return new CostModel(unitSize, leverage, points, bps, longFundingRate, shortFundingRate, commissionBps);
    }

    public CostModel withFunding(BigDecimal longRate, BigDecimal shortRate) {
        return new CostModel(unitSize, leverage, slippagePoints, slippageBps, longRate, shortRate, commissionBps);
    }

    public CostModel withCommissionBps(BigDecimal bps) {
        return new CostModel(unitSize, leverage, slippagePoints, slippageBps, longFundingRate, shortFundingRate, bps);
    }

    private static BigDecimal orZero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }
}
