package io.tickflow.backtest.engine;

import java.math.BigDecimal;
import java.time.Instant;

/** Account equity at a moment: after every fill and at every UTC midnight (the daily samples the metrics use). */
public record EquityPoint(Instant time, BigDecimal equity, Kind kind) {

    public enum Kind { FILL, DAY, END }
}
