package io.tickflow.backtest.sweep;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Comparator;

/**
 * Orders task results by a sweep's metric: the best first (largest, or smallest for maxDrawdown); a result without
 * the figure (e.g. Sharpe of a run without daily variation) ranks after every result with one; ties go to the lower
 * task index, so the ranking is deterministic.
 */
public final class Ranking {

    /** A finished task: its index and its result (the stored BacktestResult JSON). */
    public record Scored(int index, JsonObject result) {

        public BigDecimal metric(String name) {
            String v = result == null ? null : result.getString(name);
            return v == null ? null : new BigDecimal(v);
        }
    }

    private Ranking() {
    }

    public static Comparator<Scored> best(String metric, boolean higherIsBetter) {
        Comparator<BigDecimal> values = higherIsBetter ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return Comparator.comparing((Scored s) -> s.metric(metric), Comparator.nullsLast(values))
                .thenComparingInt(Scored::index);
    }
}
