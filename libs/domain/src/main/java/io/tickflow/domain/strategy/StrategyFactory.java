package io.tickflow.domain.strategy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Creates strategies by name and parameters, the way both signals and backtest configure them. */
public final class StrategyFactory {

    public static final String MA_CROSSOVER = "ma-crossover";
    public static final String PROBE = "probe";

    private StrategyFactory() {
    }

    public static Set<String> names() {
        return Set.of(MA_CROSSOVER, PROBE);
    }

    /** Returns a supplier of fresh instances (one per instrument), validating the parameters now. */
    public static Supplier<Strategy> supplier(String name, Map<String, String> parameters) {
        Supplier<Strategy> supplier = switch (name) {
            case MA_CROSSOVER -> {
                int fast = intParam(parameters, "fast", 5);
                int slow = intParam(parameters, "slow", 20);
                yield () -> new MovingAverageCrossover(fast, slow);
            }
            case PROBE -> {
                int everyN = intParam(parameters, "everyN", 100);
                yield () -> new ProbeStrategy(everyN);
            }
            default -> throw new IllegalArgumentException(
                    "unknown strategy '" + name + "'; known: " + new TreeMap<>(Map.of(MA_CROSSOVER, 1, PROBE, 1)).keySet());
        };
        supplier.get(); // fail now, not at the first tick, when parameters are out of range
        return supplier;
    }

    /** A stable id for a configured strategy, e.g. {@code ma-crossover(fast=5,slow=20)}. */
    public static String strategyId(String name, Map<String, String> parameters) {
        StringBuilder sb = new StringBuilder(name).append('(');
        new TreeMap<>(parameters).forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        if (!parameters.isEmpty()) {
            sb.setLength(sb.length() - 1);
        }
        return sb.append(')').toString();
    }

    private static int intParam(Map<String, String> p, String key, int dflt) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("strategy parameter " + key + "='" + v + "' is not an integer");
        }
    }
}
