package io.tickflow.backtest.sweep;

import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestSweep;
import io.tickflow.events.BacktestTask;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a job splits into tasks, as pure logic: its parameter sets (one, a grid, or seeded random samples) and its
 * windows (the whole range, or in-sample/out-of-sample folds). Task {@code index} is stable: first-phase tasks are
 * numbered fold by fold, set by set ({@code fold * sets + set}); out-of-sample tasks follow
 * ({@code folds * sets + fold * topN + rank}), so splitting the same job twice gives the same tasks.
 */
public record SweepPlan(List<Map<String, String>> parameterSets, List<Fold> folds, int topN) {

    /** One window pair. Without an out-of-sample split there is one fold whose in-sample window is the whole range. */
    public record Fold(Instant inFrom, Instant inTo, Instant outFrom, Instant outTo) {
    }

    /** One task of the first phase, before it becomes an event. */
    public record PlannedTask(int index, Map<String, String> parameters, String phase, int fold, Instant from,
            Instant to) {
    }

    public static SweepPlan of(BacktestJob job) {
        BacktestSweep sweep = job.sweep();
        if (sweep == null) {
            return new SweepPlan(List.of(new TreeMap<>(job.parameters())),
                    List.of(new Fold(job.from(), job.to(), null, null)), 0);
        }
        return new SweepPlan(parameterSets(job.parameters(), sweep), folds(job.from(), job.to(), sweep),
                sweep.outOfSample() ? sweep.topN() : 0);
    }

    public boolean outOfSample() {
        return topN > 0;
    }

    /** Tasks of the first phase: FULL runs, or every set in-sample on every fold. */
    public List<PlannedTask> firstPhase() {
        List<PlannedTask> out = new ArrayList<>(parameterSets.size() * folds.size());
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            for (int s = 0; s < parameterSets.size(); s++) {
                out.add(new PlannedTask(f * parameterSets.size() + s, parameterSets.get(s),
                        outOfSample() ? BacktestTask.IN_SAMPLE : BacktestTask.FULL, f, fold.inFrom(), fold.inTo()));
            }
        }
        return out;
    }

    /** How many out-of-sample tasks the second phase will add (fewer if in-sample tasks fail). */
    public int plannedOutOfSample() {
        return outOfSample() ? folds.size() * Math.min(topN, parameterSets.size()) : 0;
    }

    /** Index of the out-of-sample task of fold {@code fold}'s {@code rank}-th best set. */
    public int outOfSampleIndex(int fold, int rank) {
        return folds.size() * parameterSets.size() + fold * topN + rank;
    }

    static List<Map<String, String>> parameterSets(Map<String, String> fixed, BacktestSweep sweep) {
        List<String> names = new ArrayList<>(sweep.parameters().keySet()); // sorted: the record keeps a TreeMap
        List<BacktestSweep.ParameterRange> ranges = names.stream().map(sweep.parameters()::get).toList();
        Set<Map<String, String>> sets = new LinkedHashSet<>();
        if (sweep.mode() == BacktestSweep.Mode.GRID) {
            int total = sweep.setCount();
            for (int n = 0; n < total; n++) { // odometer: the last parameter varies fastest
                long rest = n;
                Map<String, String> set = new TreeMap<>(fixed);
                for (int p = names.size() - 1; p >= 0; p--) {
                    long size = ranges.get(p).size();
                    set.put(names.get(p), ranges.get(p).value(rest % size));
                    rest /= size;
                }
                sets.add(set);
            }
        } else {
            // java.util.Random's algorithm is specified, so a seed gives the same sets on every JVM; duplicates are
            // dropped, and a space smaller than the samples asked for yields what it has
            Random random = new Random(sweep.seed());
            long space = 1;
            for (BacktestSweep.ParameterRange r : ranges) {
                space = space > BacktestSweep.MAX_SETS ? space : space * r.size();
            }
            long wanted = Math.min(sweep.samples(), space);
            for (int attempt = 0; sets.size() < wanted && attempt < sweep.samples() * 50; attempt++) {
                Map<String, String> set = new TreeMap<>(fixed);
                for (int p = 0; p < names.size(); p++) {
                    set.put(names.get(p), ranges.get(p).value(Math.floorMod(random.nextLong(), ranges.get(p).size())));
                }
                sets.add(set);
            }
        }
        return List.copyOf(sets);
    }

    static List<Fold> folds(Instant from, Instant to, BacktestSweep sweep) {
        long total = to.toEpochMilli() - from.toEpochMilli();
        List<Fold> folds = new ArrayList<>();
        if (sweep.outOfSampleFraction() != null) {
            long in = new BigDecimal(total).multiply(BigDecimal.ONE.subtract(sweep.outOfSampleFraction()))
                    .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            Instant split = from.plusMillis(in);
            check(from, split, to);
            folds.add(new Fold(from, split, split, to));
        } else if (sweep.walkForwardFolds() != null) {
            int parts = sweep.walkForwardFolds() + 1;
            Instant[] b = new Instant[parts + 1];
            for (int i = 0; i <= parts; i++) {
                b[i] = i == parts ? to : from.plusMillis(Math.multiplyExact(total, (long) i) / parts);
            }
            for (int f = 0; f < parts - 1; f++) {
                check(b[f], b[f + 1], b[f + 2]);
                folds.add(new Fold(b[f], b[f + 1], b[f + 1], b[f + 2]));
            }
        } else {
            folds.add(new Fold(from, to, null, null));
        }
        return folds;
    }

    private static void check(Instant a, Instant b, Instant c) {
        if (!a.isBefore(b) || !b.isBefore(c)) {
            throw new IllegalArgumentException("the range is too short for its out-of-sample split: window " + a
                    + " / " + b + " / " + c);
        }
    }

    /** Merged parameters as an ordered map, for display. */
    public static Map<String, String> ordered(Map<String, String> parameters) {
        return new LinkedHashMap<>(new TreeMap<>(parameters));
    }
}
