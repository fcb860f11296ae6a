package io.tickflow.marketsources;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.tickflow.events.Bar;
import io.tickflow.events.Tick;

import java.time.Clock;
import java.time.Instant;

/**
 * The output side every {@link MarketDataSource} shares: hot streams of ticks, bars and lifecycle events, the drop counters,
 * and the health snapshot. Emission may come from several threads (a reconnect timer, the socket's event loop); each
 * processor sees one {@code onNext} at a time.
 */
public final class SourceOutput {

    private static final System.Logger LOG = System.getLogger(SourceOutput.class.getName());
    /** Slack for subscribers with bounded demand; an unbounded subscriber (the usual case) never uses it. */
    private static final int BUFFER = 16_384;

    private final String source;
    private final Clock clock;
    private final BroadcastProcessor<Tick> ticks = BroadcastProcessor.create();
    private final BroadcastProcessor<Bar> bars = BroadcastProcessor.create();
    private final BroadcastProcessor<SourceEvent> events = BroadcastProcessor.create();
    private final Rejections rejections;
    private SourceState state = SourceState.CONNECTING;
    private Instant since;
    private volatile Instant lastMessageAt;
    private long reconnects;
    private String lastError;

    public SourceOutput(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
        this.since = clock.instant();
        this.rejections = new Rejections(source, clock);
    }

    public String source() {
        return source;
    }

    public Clock clock() {
        return clock;
    }

    public Rejections rejections() {
        return rejections;
    }

    public Multi<Tick> ticks() {
        return ticks.onOverflow().buffer(BUFFER);
    }

    public Multi<Bar> bars() {
        return bars.onOverflow().buffer(BUFFER);
    }

    /** Lifecycle events; dropped for subscribers that do not keep up. */
    public Multi<SourceEvent> events() {
        return events.onOverflow().drop();
    }

    public void tick(Tick tick) {
        lastMessageAt = tick.ingestTime();
        synchronized (ticks) {
            ticks.onNext(tick);
        }
    }

    public void bar(Bar bar) {
        lastMessageAt = bar.ingestTime();
        synchronized (bars) {
            bars.onNext(bar);
        }
    }

    /** Marks market data that is neither a tick nor a bar (a daily value) as received, for staleness. */
    public void dataReceived() {
        lastMessageAt = clock.instant();
    }

    public void event(SourceEvent.Type type, String detail) {
        System.Logger.Level level = switch (type) {
            case ERROR, SILENCE, AUTH_FAILED, MAX_CONNECTIONS, THROTTLED, BUDGET_EXHAUSTED -> System.Logger.Level.WARNING;
            case DISCONNECTED, SUBSCRIBED, RESUBSCRIBED, AUTHENTICATED -> System.Logger.Level.INFO;
            default -> System.Logger.Level.DEBUG;
        };
        LOG.log(level, "{0}: {1} {2}", source, type, detail);
        SourceEvent event = new SourceEvent(source, type, detail, clock.instant());
        synchronized (events) {
            events.onNext(event);
        }
    }

    /** Moves to {@code next}; {@code error} (may be null) becomes the last error when set. */
    public synchronized void state(SourceState next, String error) {
        if (next != state) {
            state = next;
            since = clock.instant();
        }
        if (error != null) {
            lastError = error;
        }
    }

    public synchronized void countReconnect() {
        reconnects++;
    }

    public synchronized SourceState state() {
        return state;
    }

    public synchronized SourceHealth health() {
        return new SourceHealth(source, state, since, lastMessageAt, reconnects, lastError);
    }

    /** Completes every stream. */
    public void close() {
        state(SourceState.CLOSED, null);
        synchronized (ticks) {
            ticks.onComplete();
        }
        synchronized (bars) {
            bars.onComplete();
        }
        synchronized (events) {
            events.onComplete();
        }
        rejections.close();
    }
}
