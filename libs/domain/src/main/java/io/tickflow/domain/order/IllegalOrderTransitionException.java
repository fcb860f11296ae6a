package io.tickflow.domain.order;

import io.tickflow.events.OrderStatus;

public class IllegalOrderTransitionException extends RuntimeException {
    public IllegalOrderTransitionException(OrderStatus from, OrderStatus to) {
        super("order cannot go from " + from + " to " + to);
    }
}
