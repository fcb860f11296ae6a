package io.tickflow.domain.order;

import static io.tickflow.events.OrderStatus.FILLED;
import static io.tickflow.events.OrderStatus.NEW;
import static io.tickflow.events.OrderStatus.REJECTED;
import static io.tickflow.events.OrderStatus.RISK_ACCEPTED;
import static io.tickflow.events.OrderStatus.RISK_REJECTED;
import static io.tickflow.events.OrderStatus.SUBMITTED;
import static io.tickflow.events.OrderStatus.SUBMITTING;
import static io.tickflow.events.OrderStatus.UNKNOWN;

import io.tickflow.events.OrderStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every allowed order state change, in one table (after NautilusTrader's {@code OrderStatus::transition}).
 * Anything not listed is an {@link IllegalOrderTransitionException}. Execution persists a transition before the side
 * effect it allows, so the table is also the list of what may have happened at the broker in each state.
 */
public final class OrderStateMachine {

    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = new EnumMap<>(OrderStatus.class);

    static {
        allow(NEW, RISK_ACCEPTED, RISK_REJECTED);
        allow(RISK_ACCEPTED, SUBMITTING,
                RISK_REJECTED); // the kill switch or instrument rules may still stop it before it leaves
        allow(SUBMITTING, SUBMITTED,
                UNKNOWN, // the POST timed out or the answer was lost: the broker may or may not have it
                REJECTED); // the broker refused the request outright (4xx with an error code): nothing executed
        allow(SUBMITTED, FILLED, REJECTED,
                UNKNOWN); // confirms kept answering "not found" past the bound: reconcile, never resend
        allow(UNKNOWN, FILLED, // reconciliation found the position
                REJECTED, // the confirm finally said REJECTED, or reconciliation proved nothing executed
                SUBMITTED); // a late answer brought the deal reference
        allow(RISK_REJECTED);
        allow(FILLED);
        allow(REJECTED);
    }

    private OrderStateMachine() {
    }

    private static void allow(OrderStatus from, OrderStatus... to) {
        ALLOWED.put(from, to.length == 0 ? EnumSet.noneOf(OrderStatus.class) : EnumSet.of(to[0], to));
    }

    public static boolean canTransition(OrderStatus from, OrderStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Returns {@code to} when the change is allowed, otherwise throws. */
    public static OrderStatus transition(OrderStatus from, OrderStatus to) {
        if (!canTransition(from, to)) {
            throw new IllegalOrderTransitionException(from, to);
        }
        return to;
    }

    public static Set<OrderStatus> allowedFrom(OrderStatus from) {
        return Set.copyOf(ALLOWED.get(from));
    }
}
