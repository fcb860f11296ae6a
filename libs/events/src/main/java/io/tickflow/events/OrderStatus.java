package io.tickflow.events;

/**
 * Lifecycle states of a Tickflow order. The allowed transitions live in one table in
 * {@code io.tickflow.domain.order.OrderStateMachine}; codes are stable for storage.
 */
public enum OrderStatus {
    /** Created from a signal or intent, nothing checked yet. */
    NEW(1, false),
    /** Passed pre-trade risk. */
    RISK_ACCEPTED(2, false),
    /** Refused by pre-trade risk, the kill switch or instrument rules; never left Tickflow. */
    RISK_REJECTED(3, true),
    /** Persisted as about to be sent: from here on the broker may have it. */
    SUBMITTING(4, false),
    /** The broker answered with a deal reference; outcome not yet confirmed. */
    SUBMITTED(5, false),
    /** The submit's outcome is ambiguous (timeout, lost answer, confirm not found): being reconciled, never resent. */
    UNKNOWN(6, false),
    /** The broker confirmed the deal and a position opened: filled. */
    FILLED(7, true),
    /** The broker confirmed a rejection: nothing executed. */
    REJECTED(8, true);

    private final int code;
    private final boolean terminal;

    OrderStatus(int code, boolean terminal) {
        this.code = code;
        this.terminal = terminal;
    }

    public int code() {
        return code;
    }

    public boolean terminal() {
        return terminal;
    }
}
