package io.tickflow.capital;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * {@code POST /positions}: a market order. Stops are optional, either as levels or as distances from the current price.
 * There is no client reference: Capital.com has no idempotency key, which is why a timed-out order must be reconciled.
 */
public record OpenPositionRequest(String epic, Direction direction, BigDecimal size, BigDecimal stopLevel,
                                  BigDecimal profitLevel, BigDecimal stopDistance, BigDecimal profitDistance,
                                  boolean guaranteedStop) {

    public OpenPositionRequest {
        Objects.requireNonNull(epic, "epic");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(size, "size");
        if (size.signum() <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
    }

    public static OpenPositionRequest market(String epic, Direction direction, BigDecimal size) {
        return new OpenPositionRequest(epic, direction, size, null, null, null, null, false);
    }

    public OpenPositionRequest withStopLevel(BigDecimal level) {
        return new OpenPositionRequest(epic, direction, size, level, profitLevel, stopDistance, profitDistance, guaranteedStop);
    }

    public OpenPositionRequest withProfitLevel(BigDecimal level) {
        return new OpenPositionRequest(epic, direction, size, stopLevel, level, stopDistance, profitDistance, guaranteedStop);
    }
}
