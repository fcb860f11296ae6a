package io.tickflow.simulators.capital;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET|PUT /accounts/preferences}: hedging mode and per-asset-class leverage, with the choices of Capital.com's example.
 * Guarded by the {@link TradingDesk} monitor like the rest of an account.
 */
final class AccountPreferences {

    private static final Map<String, List<Integer>> AVAILABLE_LEVERAGES = orderedMap(
            "SHARES", List.of(1, 2, 3, 5),
            "CURRENCIES", List.of(1, 10, 20, 30),
            "INDICES", List.of(1, 10, 20),
            "CRYPTOCURRENCIES", List.of(1, 2),
            "COMMODITIES", List.of(1, 5, 10, 20));

    private boolean hedgingMode;
    private final Map<String, Integer> currentLeverages = orderedMap(
            "SHARES", 2, "CURRENCIES", 1, "INDICES", 10, "CRYPTOCURRENCIES", 2, "COMMODITIES", 10);

    record Leverage(int current, List<Integer> available) {
    }

    record View(boolean hedgingMode, Map<String, Leverage> leverages) {
    }

    View view() {
        Map<String, Leverage> leverages = new LinkedHashMap<>();
        currentLeverages.forEach((type, current) -> leverages.put(type, new Leverage(current, AVAILABLE_LEVERAGES.get(type))));
        return new View(hedgingMode, leverages);
    }

    int leverage(String instrumentType) {
        return currentLeverages.getOrDefault(instrumentType, 1);
    }

    /** Validates every value first so that a bad request changes nothing. */
    void update(JsonNode body) {
        JsonNode leverages = body.get("leverages");
        Map<String, Integer> requested = new LinkedHashMap<>();
        if (leverages != null && leverages.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = leverages.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<Integer> available = AVAILABLE_LEVERAGES.get(field.getKey());
                if (available == null || !field.getValue().canConvertToInt() || !available.contains(field.getValue().asInt())) {
                    throw ApiError.badRequest("error.invalid.leverage.value");
                }
                requested.put(field.getKey(), field.getValue().asInt());
            }
        }
        currentLeverages.putAll(requested);
        JsonNode hedging = body.get("hedgingMode");
        if (hedging != null && hedging.isBoolean()) {
            hedgingMode = hedging.booleanValue();
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
