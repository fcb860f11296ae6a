package io.tickflow.cli.backtest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the command line's short forms into the request body of {@code POST /api/backtests}: {@code fast=5:20:5}
 * (from:to:step, to inclusive; step 1 when left out), {@code slow=20,40,60} (a list) or {@code fast=5} (one value).
 */
public final class SweepSpec {

    private SweepSpec() {
    }

    /** One {@code --grid name=spec} as the sweep's parameter range object. */
    public static Map<String, Object> range(String spec) {
        String[] parts = spec.split(":", -1);
        for (String p : parts) {
            if (p.isBlank()) {
                throw new IllegalArgumentException("empty bound in '" + spec + "': use from:to[:step], e.g. 5:20:5");
            }
        }
        Map<String, Object> range = new LinkedHashMap<>();
        if (spec.contains(":")) {
            if (parts.length > 3) {
                throw new IllegalArgumentException("'" + spec + "' has more than from:to:step");
            }
            range.put("from", number(parts[0], spec));
            range.put("to", number(parts[1], spec));
            if (parts.length == 3) {
                range.put("step", number(parts[2], spec));
            }
        } else {
            List<String> values = Arrays.stream(spec.split(",")).map(String::trim).toList();
            if (values.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("empty value in '" + spec + "'");
            }
            range.put("values", values);
        }
        return range;
    }

    /** The sweep object, or null when there is nothing to sweep. */
    public static Map<String, Object> sweep(Map<String, String> grid, Integer random, Long seed, String oos,
            Integer folds, String metric, Integer top) {
        if (grid == null || grid.isEmpty()) {
            if (random != null || oos != null || folds != null) {
                throw new IllegalArgumentException("--random, --oos and --folds need at least one --grid name=values");
            }
            return null;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        grid.forEach((name, spec) -> parameters.put(name, range(spec)));
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("mode", random == null ? "GRID" : "RANDOM");
        sweep.put("parameters", parameters);
        if (random != null) {
            sweep.put("samples", random);
            sweep.put("seed", seed == null ? 0L : seed);
        }
        if (oos != null) {
            sweep.put("outOfSampleFraction", number(oos, "--oos"));
        }
        if (folds != null) {
            sweep.put("walkForwardFolds", folds);
        }
        if (metric != null) {
            sweep.put("metric", metric);
        }
        if (top != null) {
            sweep.put("topN", top);
        }
        return sweep;
    }

    /** An instant ({@code 2026-11-24T00:00:00Z}) or a UTC day ({@code 2026-11-24}, its midnight). */
    public static Instant time(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO instant nor a date (yyyy-mm-dd)");
        }
    }

    /** Decimals travel as strings, like every amount in Tickflow. */
    private static String number(String text, String where) {
        try {
            return new java.math.BigDecimal(text.trim()).toPlainString();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' in " + where + " is not a number");
        }
    }
}
