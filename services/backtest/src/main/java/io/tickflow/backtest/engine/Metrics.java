package io.tickflow.backtest.engine;

import java.math.BigDecimal;

/**
 * The run's figures. Exact decimals where the inputs are exact (total return, max drawdown, win rate, profit factor,
 * exposure: quotients rounded half-even to {@link #SCALE}); CAGR, Sharpe, Sortino and Calmar are statistics computed
 * in double and rounded to {@link #SCALE} so they serialise identically run to run. A figure that is undefined (no
 * daily variation, no losing trade, no drawdown) is null rather than a made-up number.
 *
 * <p>Conventions: returns are daily, from equity sampled at every UTC midnight (and at the end), annualised with 365
 * days (crypto trades every day; the same convention is used for oil so runs compare); risk-free rate 0; Sharpe
 * uses the sample standard deviation (n-1); Sortino the downside deviation sqrt(sum(min(r,0)^2)/n); CAGR over the
 * job's range in years of 365 days; Calmar = CAGR / max drawdown; exposure = time with a position open / job range.
 */
public record Metrics(
        BigDecimal totalReturn,
        BigDecimal cagr,
        BigDecimal sharpe,
        BigDecimal sortino,
        BigDecimal maxDrawdown,
        BigDecimal calmar,
        BigDecimal winRate,
        BigDecimal profitFactor,
        BigDecimal exposure,
        int closedTrades) {

    public static final int SCALE = 8;
}
