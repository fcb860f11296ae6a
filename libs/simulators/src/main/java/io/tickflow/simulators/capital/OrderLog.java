package io.tickflow.simulators.capital;

import java.util.ArrayDeque;
import java.util.List;

/** Every {@code POST /positions} received, oldest dropped beyond the configured capacity. */
final class OrderLog {

    private final int capacity;
    private final ArrayDeque<ReceivedOrder> orders = new ArrayDeque<>();
    private long received;

    OrderLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized long nextSequence() {
        return ++received;
    }

    synchronized void append(ReceivedOrder order) {
        if (orders.size() == capacity) {
            orders.pollFirst();
        }
        orders.addLast(order);
    }

    synchronized List<ReceivedOrder> snapshot() {
        return List.copyOf(orders);
    }

    synchronized long received() {
        return received;
    }
}
