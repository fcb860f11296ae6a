package io.tickflow.simulators.capital;

/**
 * What can go wrong with one {@code POST /positions}: the kinds the seeded chaos mode draws from
 * ({@link SimulatorFaults#startChaos(double, long)}) and that can be armed one at a time
 * ({@link SimulatorFaults#failNextOrders(ChaosFault, int)}). The "after execute" kinds let the broker process the order
 * normally (the position is opened when the order is valid and the market open) and only spoil the answer; the others drop
 * the order before the broker sees it.
 */
public enum ChaosFault {

    /** The order executes, then the answer is held for {@code orderHangDuration}: "timed out but filled". */
    EXECUTE_THEN_HANG(true),
    /** The request is held for {@code orderHangDuration}, never executed, and the connection closed unanswered. */
    HANG_WITHOUT_EXECUTING(false),
    /** The order executes, then the connection is closed with no HTTP response at all. */
    RESET_AFTER_EXECUTE(true),
    /** The connection is closed with no HTTP response; nothing executes. */
    RESET_BEFORE_EXECUTE(false),
    /** HTTP 500 {@code error.internal}; nothing executes. */
    SERVER_ERROR_BEFORE_EXECUTE(false),
    /** The order executes, then HTTP 502 {@code error.bad-gateway}: an error status although the order was filled. */
    SERVER_ERROR_AFTER_EXECUTE(true),
    /** HTTP 429 {@code error.too-many.requests}; nothing executes. */
    RATE_LIMITED(false),
    /** The order executes and is answered normally, but the first 3 {@code GET /confirms/{ref}} of its reference answer 404. */
    CONFIRM_NOT_FOUND(true);

    /** How many {@code GET /confirms/{ref}} of a {@link #CONFIRM_NOT_FOUND} order answer 404 before the confirmation shows. */
    public static final int CONFIRM_NOT_FOUND_POLLS = 3;

    private final boolean brokerProcessesOrder;

    ChaosFault(boolean brokerProcessesOrder) {
        this.brokerProcessesOrder = brokerProcessesOrder;
    }

    /**
     * Whether the broker processes the order before the fault strikes (it may still be rejected or refused on its merits);
     * false when the order is dropped before it reaches the dealing desk.
     */
    public boolean brokerProcessesOrder() {
        return brokerProcessesOrder;
    }

    /** Whether the fault holds the answer back for {@code orderHangDuration}. */
    public boolean hangs() {
        return this == EXECUTE_THEN_HANG || this == HANG_WITHOUT_EXECUTING;
    }
}
