package io.tickflow.domain.strategy;

import io.tickflow.events.SignalDirection;
import java.util.Objects;

/** The position a strategy wants now, and a short human reason that ends up on the Signal. */
public record Decision(SignalDirection direction, String reason) {
    public Decision {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(reason, "reason");
    }
}
