package io.tickflow.execution.order;

import io.tickflow.domain.order.OrderStateMachine;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Execution's view of one order: the row in {@code execution.orders}. Immutable; {@link #to} returns the next
 * version after checking the transition against {@link OrderStateMachine}.
 */
public record Order(
        UUID orderId,
        String instrument,
        Side side,
        BigDecimal size,
        String strategyId,
        UUID signalEventId,
        OrderStatus status,
        long sequence,
        String dealReference,
        String dealId,
        String reason,
        BigDecimal fillPrice,
        String traceId,
        String traceparent,
        Instant createdAt,
        Instant submittedAt,
        Instant updatedAt,
        String closesDealId) {

    public static Order create(UUID orderId, String instrument, Side side, BigDecimal size, String strategyId,
            UUID signalEventId, String traceId, String traceparent, Instant now) {
        return new Order(orderId, instrument, side, size, strategyId, signalEventId, OrderStatus.NEW, 1, null, null,
                null, null, traceId, traceparent, now, null, now, null);
    }

    /**
     * An order that closes the broker position {@code dealId} ({@code DELETE /positions/{dealId}}), e.g. when the kill
     * switch flattens. The database keeps at most one live close order per deal, so asking twice to close one position
     * makes one order. Closing by deal id is safe to repeat (a closed deal answers "not found"), unlike opening.
     */
    public static Order close(String dealId, String instrument, Side side, BigDecimal size, String strategyId,
            String traceId, String traceparent, Instant now) {
        return new Order(UUID.randomUUID(),
                instrument, side, size, strategyId, null, OrderStatus.NEW, 1, null, null, null, null, traceId,
                traceparent, now, null, now, dealId);
    }

    public boolean isClose() {
        return closesDealId != null;
    }

    /** The next version of this order in state {@code next}; throws when the state machine forbids it. */
    public Order to(OrderStatus next, String why, Instant now) {
        OrderStateMachine.transition(status, next);
        Instant submitted = next == OrderStatus.SUBMITTING ? now : submittedAt;
        return new Order(orderId, instrument, side, size, strategyId, signalEventId, next, sequence + 1,
                dealReference, dealId, why, fillPrice, traceId, traceparent, createdAt, submitted, now, closesDealId);
    }

    public Order withDealReference(String ref) {
        return new Order(orderId, instrument, side, size, strategyId, signalEventId, status, sequence, ref, dealId,
                reason, fillPrice, traceId, traceparent, createdAt, submittedAt, updatedAt, closesDealId);
    }

    /** The same order at {@code newSize}, e.g. after rounding onto the broker's size grid (before it is stored). */
    public Order withSize(BigDecimal newSize) {
        return new Order(orderId, instrument, side, newSize, strategyId, signalEventId, status, sequence, dealReference,
                dealId, reason, fillPrice, traceId, traceparent, createdAt, submittedAt, updatedAt, closesDealId);
    }

    public Order withFill(String deal, BigDecimal price) {
        return new Order(orderId, instrument, side, size, strategyId, signalEventId, status, sequence, dealReference,
                deal, reason, price, traceId, traceparent, createdAt, submittedAt, updatedAt, closesDealId);
    }

    /** The event announcing that this version was reached from {@code previous}. */
    public OrderEvent event(OrderStatus previous) {
        return new OrderEvent(OrderEvent.SCHEMA_VERSION, UUID.nameUUIDFromBytes((orderId + "#" + sequence).getBytes()),
                updatedAt, Instant.now(), orderId, sequence, status, previous, instrument, side, size, strategyId,
                dealReference, dealId, reason);
    }
}
