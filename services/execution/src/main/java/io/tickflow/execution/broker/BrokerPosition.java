package io.tickflow.execution.broker;

import io.tickflow.events.Side;
import java.math.BigDecimal;
import java.time.Instant;

/** An open position as the broker reports it, for reconciliation. */
public record BrokerPosition(String dealId, String instrument, Side side, BigDecimal size, BigDecimal level,
        Instant createdAt) {
}
