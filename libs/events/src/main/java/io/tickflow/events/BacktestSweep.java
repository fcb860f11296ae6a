package io.tickflow.events;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parameter sweep of a {@link BacktestJob}: a grid (every combination of each parameter's values) or {@code samples}
 * random sets drawn with {@code seed} (the same job always gives the same sets), optionally with an out-of-sample
 * check: either one split ({@code outOfSampleFraction} of the range at its end is held out) or
 * {@code walkForwardFolds} k folds (the range cut into k+1 equal parts; fold f is tuned on part f and tested on part
 * f+1). Every set runs in-sample; the {@code topN} best in-sample sets of each fold by {@code metric} run on that
 * fold's out-of-sample window. Swept parameters override the job's fixed {@code parameters}.
 */
public record BacktestSweep(
        Mode mode,
        Map<String, ParameterRange> parameters,
        Integer samples,
        Long seed,
        BigDecimal outOfSampleFraction,
        Integer walkForwardFolds,
        String metric,
        Integer topN) {

    /** A sweep expands into at most this many parameter sets (before out-of-sample runs). */
    public static final int MAX_SETS = 10_000;
    /** Ranking metrics; all but {@code maxDrawdown} are better when larger. */
    public static final Set<String> METRICS = Set.of("sharpe", "sortino", "totalReturn", "cagr", "calmar",
            "profitFactor", "winRate", "maxDrawdown");
    public static final String DEFAULT_METRIC = "sharpe";
    /** A range may hold at most this many values (random sweeps sample from it; a grid is limited by MAX_SETS). */
    public static final BigDecimal MAX_RANGE_VALUES = BigDecimal.valueOf(1_000_000_000L);

    public enum Mode { GRID, RANDOM }

    /**
     * The values of one swept parameter: an explicit list, or {@code from} to {@code to} (inclusive) in steps of
     * {@code step} (default 1). Values are exact decimals; a strategy reads them as text.
     */
    public record ParameterRange(List<String> values, BigDecimal from, BigDecimal to, BigDecimal step) {

        public ParameterRange {
            if (values != null) {
                if (values.isEmpty() || from != null || to != null || step != null) {
                    throw new InvalidEventException(
                            "a swept parameter has either a non-empty values list or from/to/step");
                }
                values.forEach(v -> Checks.text(v, "value"));
                values = List.copyOf(values);
            } else {
                Checks.exact(Checks.required(from, "from"), "from");
                Checks.exact(Checks.required(to, "to"), "to");
                step = step == null ? BigDecimal.ONE : Checks.positive(step, "step");
                if (to.compareTo(from) < 0) {
                    throw new InvalidEventException("range to " + to.toPlainString() + " is below from "
                            + from.toPlainString());
                }
                if (to.subtract(from).divideToIntegralValue(step).compareTo(MAX_RANGE_VALUES) >= 0) {
                    throw new InvalidEventException("range " + from.toPlainString() + ".." + to.toPlainString()
                            + " in steps of " + step.toPlainString() + " has more than " + MAX_RANGE_VALUES
                            + " values; use a larger step");
                }
            }
        }

        /** How many values the parameter takes. */
        public long size() {
            if (values != null) {
                return values.size();
            }
            return to.subtract(from).divideToIntegralValue(step).longValueExact() + 1;
        }

        /** The i-th value, 0 ≤ i < {@link #size()}, as text. */
        public String value(long i) {
            if (values != null) {
                return values.get((int) i);
            }
            return from.add(step.multiply(BigDecimal.valueOf(i))).stripTrailingZeros().toPlainString();
        }
    }

    public BacktestSweep {
        Checks.required(mode, "sweep.mode");
        Checks.required(parameters, "sweep.parameters");
        if (parameters.isEmpty()) {
            throw new InvalidEventException("sweep.parameters must name at least one parameter");
        }
        parameters.values().forEach(r -> Checks.required(r, "sweep parameter range"));
        // sorted: the same job always expands into the same sets in the same order
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
        metric = metric == null ? DEFAULT_METRIC : metric;
        if (!METRICS.contains(metric)) {
            throw new InvalidEventException("sweep.metric '" + metric + "' is not one of "
                    + new java.util.TreeSet<>(METRICS));
        }
        topN = topN == null ? 1 : topN;
        if (topN < 1) {
            throw new InvalidEventException("sweep.topN must be at least 1");
        }
        if (mode == Mode.RANDOM) {
            Checks.required(samples, "sweep.samples");
            if (samples < 1 || samples > MAX_SETS) {
                throw new InvalidEventException("sweep.samples must be 1.." + MAX_SETS + ", was " + samples);
            }
            seed = seed == null ? 0L : seed;
        } else {
            if (samples != null) {
                throw new InvalidEventException("sweep.samples is for RANDOM sweeps; a GRID runs every combination");
            }
            long sets = 1;
            for (var e : parameters.entrySet()) {
                sets *= e.getValue().size();
                if (sets > MAX_SETS) {
                    throw new InvalidEventException("the grid has more than " + MAX_SETS
                            + " parameter sets (at parameter " + e.getKey() + "); narrow the ranges or use RANDOM");
                }
            }
        }
        if (outOfSampleFraction != null && walkForwardFolds != null) {
            throw new InvalidEventException("use either sweep.outOfSampleFraction or sweep.walkForwardFolds, not both");
        }
        if (outOfSampleFraction != null && (outOfSampleFraction.signum() <= 0
                || outOfSampleFraction.compareTo(BigDecimal.ONE) >= 0)) {
            throw new InvalidEventException("sweep.outOfSampleFraction must be between 0 and 1 (exclusive), was "
                    + outOfSampleFraction.toPlainString());
        }
        if (walkForwardFolds != null && (walkForwardFolds < 1 || walkForwardFolds > 50)) {
            throw new InvalidEventException("sweep.walkForwardFolds must be 1..50, was " + walkForwardFolds);
        }
    }

    /** How many parameter sets the sweep expands into. */
    public int setCount() {
        if (mode == Mode.RANDOM) {
            return samples;
        }
        long sets = 1;
        for (ParameterRange r : parameters.values()) {
            sets *= r.size();
        }
        return (int) sets;
    }

    public boolean outOfSample() {
        return outOfSampleFraction != null || walkForwardFolds != null;
    }

    /** Whether a larger value of {@link #metric} is better. */
    public boolean higherIsBetter() {
        return !"maxDrawdown".equals(metric);
    }
}
