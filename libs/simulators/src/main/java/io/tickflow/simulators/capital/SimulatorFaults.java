package io.tickflow.simulators.capital;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection, the reason this simulator exists: each method reproduces a failure the real Capital.com API is known to
 * show (see the reference notes, section 6), so that the platform's handling of it can be tested. Every fault is also
 * reachable over HTTP under {@code /sim/faults/...}. Thread-safe.
 */
public final class SimulatorFaults {

    private static final System.Logger LOG = System.getLogger(SimulatorFaults.class.getName());
    private static final ChaosFault[] CHAOS_KINDS = ChaosFault.values();

    /**
     * The chaos mode's settings and what it has done since it was (re)started.
     *
     * @param enabled whether {@code POST /positions} currently draws faults
     * @param rate    probability that an order is hit (0 when off)
     * @param seed    seed of the draws (meaningless when off)
     * @param draws   orders that drew since the mode was started
     * @param hits    of those, how many were hit by a fault
     */
    public record ChaosStatus(boolean enabled, double rate, long seed, long draws, long hits) {
    }

    /**
     * The dice of the chaos mode: per order one {@code nextDouble()} decides whether it is hit, and when it is, one
     * {@code nextInt(8)} picks the kind uniformly. Not thread-safe; the live one is only used under the faults' monitor.
     */
    static final class ChaosDice {
        private final double rate;
        private final SplittableRandom random;

        ChaosDice(double rate, long seed) {
            this.rate = rate;
            this.random = new SplittableRandom(seed);
        }

        /** The fault that hits the next order, or null. */
        ChaosFault roll() {
            if (random.nextDouble() >= rate) {
                return null;
            }
            return CHAOS_KINDS[random.nextInt(CHAOS_KINDS.length)];
        }
    }

        private final SessionRegistry sessions;
    private final StreamingHub hub;
    private final Map<String, SimulatedInstrument> instruments;
    /** One-shot faults armed for the next orders; they take precedence over the chaos mode. Guarded by {@code this}. */
    private final ArrayDeque<ChaosFault> pendingOrderFaults = new ArrayDeque<>();
    private final Map<String, Integer> confirmPollsByReference = new ConcurrentHashMap<>();
    /** {@link ChaosFault#CONFIRM_NOT_FOUND} references and how many of their confirm polls still answer 404. */
    private final Map<String, Integer> failingConfirmPollsLeft = new ConcurrentHashMap<>();
    private volatile int failedConfirmPollsPerReference;
    private volatile boolean pricesFailing;
    /** Chaos mode, guarded by {@code this}: null dice means off. */
    private ChaosDice chaosDice;
    private double chaosRate;
    private long chaosSeed;
    private long chaosDraws;
    private long chaosHits;

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
     * Same as {@link #failNextOrders} with {@link ChaosFault#EXECUTE_THEN_HANG} or {@link ChaosFault#HANG_WITHOUT_EXECUTING}.
     */
    public void hangNextOrders(int count, boolean execute) {
        failNextOrders(execute ? ChaosFault.EXECUTE_THEN_HANG : ChaosFault.HANG_WITHOUT_EXECUTING, count);
    }

    /**
     * The next {@code count} {@code POST /positions} are hit by {@code fault} (see {@link ChaosFault} for what each kind
     * does), whatever the chaos mode says; armed faults queue up in the order they were armed.
     */
    public synchronized void failNextOrders(ChaosFault fault, int count) {
        Objects.requireNonNull(fault, "fault");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        for (int i = 0; i < count; i++) {
            pendingOrderFaults.addLast(fault);
        }
    }

    /**
     * Seeded chaos on the order path: from now on every {@code POST /positions} is hit with probability {@code rate} by one
     * {@link ChaosFault} drawn uniformly among all kinds. The draws come from a {@link SplittableRandom} seeded with
     * {@code seed} and restarted by every call, so the same seed and the same sequence of orders give the same faults.
     * {@code rate} 0 switches the mode off; an armed one-shot fault ({@link #failNextOrders}) still wins over a draw (and
     * consumes none).
     */
    public synchronized void startChaos(double rate, long seed) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("chaos rate must be within [0, 1]: " + rate);
        }
        if (rate == 0) {
            stopChaos();
            return;
        }
        chaosDice = new ChaosDice(rate, seed);
        chaosRate = rate;
        chaosSeed = seed;
        chaosDraws = 0;
        chaosHits = 0;
        LOG.log(System.Logger.Level.INFO, "chaos mode on: rate {0}, seed {1}", rate, seed);
    }

    /** Switches the chaos mode off; orders already hit keep their fate (hung answers are still held, confirms still 404). */
    public synchronized void stopChaos() {
        if (chaosDice != null) {
            LOG.log(System.Logger.Level.INFO, "chaos mode off after {0} orders, {1} hit", chaosDraws, chaosHits);
        }
        chaosDice = null;
        chaosRate = 0;
    }

    public synchronized ChaosStatus chaos() {
        return new ChaosStatus(chaosDice != null, chaosRate, chaosSeed, chaosDraws, chaosHits);
    }

    /** The fault that hits the {@code POST /positions} being served: an armed one first, else a chaos draw; null if none. */
    synchronized ChaosFault takeOrderFault() {
        ChaosFault armed = pendingOrderFaults.pollFirst();
        if (armed != null || chaosDice == null) {
            return armed;
        }
        chaosDraws++;
        ChaosFault drawn = chaosDice.roll();
        if (drawn != null) {
            chaosHits++;
        }
        return drawn;
    }

    /** The faults the chaos mode would deal to the next {@code orders} orders after {@code startChaos(rate, seed)}. */
    static List<ChaosFault> chaosSequence(double rate, long seed, int orders) {
        ChaosDice dice = new ChaosDice(rate, seed);
        List<ChaosFault> sequence = new ArrayList<>(orders);
        for (int i = 0; i < orders; i++) {
            sequence.add(dice.roll());
        }
        return sequence;
    }

    /** A {@link ChaosFault#CONFIRM_NOT_FOUND} order: the first polls of its reference will answer 404. */
    void failConfirmPollsOf(String dealReference) {
        failingConfirmPollsLeft.put(dealReference, ChaosFault.CONFIRM_NOT_FOUND_POLLS);
    }

    /**
     * Transient confirms glitch: the first {@code polls} {@code GET /confirms/{ref}} of every deal reference answer 404
     * {@code error.not-found.dealReference} although the deal exists. 0 switches it off.
     */
    public void failConfirmPolls(int polls) {
        failedConfirmPollsPerReference = polls;
    }

    /** Counts a {@code GET /confirms/{ref}}: true when it must answer 404 (either confirms fault; both count the poll). */
    boolean confirmPollShouldFail(String dealReference) {
        boolean failedByChaos = failingConfirmPollsLeft.containsKey(dealReference) && takeFailingConfirmPoll(dealReference);
        int limit = failedConfirmPollsPerReference;
        if (limit <= 0) {
            return failedByChaos;
        }
        int poll = confirmPollsByReference.merge(dealReference, 1, Integer::sum);
        return poll <= limit || failedByChaos;
    }

    private boolean takeFailingConfirmPoll(String dealReference) {
        boolean[] failed = {false};
        failingConfirmPollsLeft.computeIfPresent(dealReference, (reference, left) -> {
            failed[0] = true;
            return left > 1 ? left - 1 : null;
        });
        return failed[0];
    }

    /**
     * Price history outage: every {@code GET /prices/{epic}} answers 503 {@code error.service.unavailable} until switched
     * off (the code is the simulator's; Capital.com documents none for it), so clients can be seen falling back to another
     * history source.
     */
    public void failPrices(boolean fail) {
        pricesFailing = fail;
    }

    boolean pricesFailing() {
        return pricesFailing;
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

    /**
     * Back to a healthy broker: armed order faults dropped, chaos mode off (also when it was configured at start-up), no
     * more failing confirms. Sockets already dropped stay dropped and hung answers already held are still held.
     */
    public void reset() {
        synchronized (this) {
            pendingOrderFaults.clear();
            stopChaos();
        }
        failedConfirmPollsPerReference = 0;
        pricesFailing = false;
        confirmPollsByReference.clear();
        failingConfirmPollsLeft.clear();
        sessions.rejectAllLogins(false);
        hub.resumeAllStreaming();
        instruments.values().forEach(instrument -> instrument.forceStatus(null));
    }
}
