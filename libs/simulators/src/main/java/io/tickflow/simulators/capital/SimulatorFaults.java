package io.tickflow.simulators.capital;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection, the reason this simulator exists: each method reproduces a failure the real Capital.com API is known to
 * show (see the reference notes, section 6), so that the platform's handling of it can be tested. Every fault is also
 * reachable over HTTP under {@code /sim/faults/...}. Thread-safe.
 */
public final class SimulatorFaults {

    /** What happens to the next {@code POST /positions}. */
    enum OrderHang {
        /** Answer normally. */
        NONE,
        /** Execute the order, then hold the answer past any sane client timeout: the "timed out but filled" case. */
        EXECUTE_THEN_HANG,
        /** Hold the request and never execute it: the client cannot tell this from the case above. */
        HANG_WITHOUT_EXECUTING
    }

    private final SessionRegistry sessions;
    private final StreamingHub hub;
    private final Map<String, SimulatedInstrument> instruments;
    private final ArrayDeque<OrderHang> pendingOrderHangs = new ArrayDeque<>();
    private final Map<String, Integer> confirmPollsByReference = new ConcurrentHashMap<>();
    private volatile int failedConfirmPollsPerReference;

    SimulatorFaults(SessionRegistry sessions, StreamingHub hub, Map<String, SimulatedInstrument> instruments) {
        this.sessions = sessions;
        this.hub = hub;
        this.instruments = instruments;
    }

    /** Kills every streaming socket like a network failure (no close frame). */
    public int dropStreamingConnections() {
        return dropStreamingConnections(StreamDropMode.ABRUPT);
    }

    public int dropStreamingConnections(StreamDropMode mode) {
        return hub.dropAll(mode);
    }

    /** Stale feed: the epic's price keeps moving (REST shows it) but no quote is streamed until {@link #startStreaming}. */
    public void stopStreaming(String epic) {
        hub.setStreaming(epic, false);
    }

    public void startStreaming(String epic) {
        hub.setStreaming(epic, true);
    }

    /** Sends a truncated JSON frame on every streaming socket; returns how many sockets got it. */
    public int sendMalformedFrame() {
        return hub.sendMalformedFrame(null);
    }

    public int sendMalformedFrame(String frameText) {
        return hub.sendMalformedFrame(frameText);
    }

    /**
     * The next {@code count} {@code POST /positions} are held for {@code orderHangDuration}; with {@code execute} the order
     * is filled before the wait (timed out but filled), without it nothing happens and the connection is closed unanswered.
     */
    public synchronized void hangNextOrders(int count, boolean execute) {
        for (int i = 0; i < count; i++) {
            pendingOrderHangs.addLast(execute ? OrderHang.EXECUTE_THEN_HANG : OrderHang.HANG_WITHOUT_EXECUTING);
        }
    }

    synchronized OrderHang takeOrderHang() {
        OrderHang next = pendingOrderHangs.pollFirst();
        return next == null ? OrderHang.NONE : next;
    }

    /**
     * Transient confirms glitch: the first {@code polls} {@code GET /confirms/{ref}} of every deal reference answer 404
     * {@code error.not-found.dealReference} although the deal exists. 0 switches it off.
     */
    public void failConfirmPolls(int polls) {
        failedConfirmPollsPerReference = polls;
    }

    boolean confirmPollShouldFail(String dealReference) {
        int limit = failedConfirmPollsPerReference;
        if (limit <= 0) {
            return false;
        }
        int poll = confirmPollsByReference.merge(dealReference, 1, Integer::sum);
        return poll <= limit;
    }

    /** Every login answers 401 {@code error.invalid.details} until switched off. */
    public void rejectLogins(boolean reject) {
        sessions.rejectAllLogins(reject);
    }

    /** Forces an epic's market status (e.g. CLOSED); {@code null} returns it to its trading hours. */
    public void forceMarketStatus(String epic, MarketStatus status) {
        SimulatedInstrument instrument = instruments.get(epic);
        if (instrument == null) {
            throw new IllegalArgumentException("unknown epic " + epic);
        }
        instrument.forceStatus(status);
    }

    /** Every current token becomes invalid at once, as after 10 idle minutes. */
    public void expireAllSessions() {
        sessions.expireAll();
    }

    /** The next authenticated response of every session carries new CST / X-SECURITY-TOKEN headers; the old ones die. */
    public void rotateTokensOnNextResponse() {
        sessions.rotateTokensOfAllSessionsOnNextResponse();
    }

    /** Back to a healthy broker (sockets already dropped stay dropped). */
    public void reset() {
        synchronized (this) {
            pendingOrderHangs.clear();
        }
        failedConfirmPollsPerReference = 0;
        confirmPollsByReference.clear();
        sessions.rejectAllLogins(false);
        hub.resumeAllStreaming();
        instruments.values().forEach(instrument -> instrument.forceStatus(null));
    }
}
