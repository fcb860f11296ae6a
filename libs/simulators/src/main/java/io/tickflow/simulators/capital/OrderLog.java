package io.tickflow.simulators.capital;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@code POST /positions} received, oldest dropped beyond the configured capacity, plus running totals that never
 * drop anything. Appending is O(1).
 */
final class OrderLog {

    private final int capacity;
    private final ArrayDeque<ReceivedOrder> orders = new ArrayDeque<>();
    private final long[] faulted = new long[ChaosFault.values().length];
    private long received;
    private long executed;
    private long faultedTotal;

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
        if (order.executed()) {
            executed++;
        }
        if (order.fault() != null) {
            faulted[order.fault().ordinal()]++;
            faultedTotal++;
        }
    }

    synchronized List<ReceivedOrder> snapshot() {
        return List.copyOf(orders);
    }

    synchronized long received() {
        return received;
    }

    synchronized OrderSummary summary(int positionsOpen) {
        Map<ChaosFault, Long> byKind = new EnumMap<>(ChaosFault.class);
        for (ChaosFault kind : ChaosFault.values()) {
            byKind.put(kind, faulted[kind.ordinal()]);
        }
        return new OrderSummary(received, executed, faultedTotal, Collections.unmodifiableMap(byKind), positionsOpen);
    }
}
