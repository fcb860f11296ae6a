package io.tickflow.marketdata.feed;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Tick;
import io.tickflow.marketdata.FeedHealth;
import io.tickflow.marketdata.MarketDataConfig;
import io.tickflow.messaging.KafkaRecords;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * One feed per instrument out of all its sources. Every source's valid ticks come here ({@link #onTick}); only the
 * active source's ticks go on to {@code tickflow.market.ticks.v1}, each one starting a trace that signals, execution
 * and the broker call continue. Staleness, failover, switch back, gaps and duplicates are decided by one
 * {@link SourceHealthMonitor} per instrument, on every tick and every {@code health-check-interval} (so silence is noticed
 * without any tick arriving); each decision is published as a {@link SourceEvent} on
 * {@code tickflow.market.source-events.v1} and counted in {@link FeedMetrics}.
 *
 * <p>Ticks arrive on the sources' event loops. An instrument's monitor is used under its own lock, and its ticks are
 * handed to the Kafka producer under that lock too, so they reach the topic in the order the monitor admitted them.
 *
 * <p>Source events are produced with {@code acks=all}, but not through an outbox: one still in the producer's buffer
 * when the process dies is lost, and after a restart the monitors start from scratch (a gap that spans the restart is
 * not reported). The next staleness or failover produces a new event; that is accepted for alerting on feed health.
 */
@ApplicationScoped
public class MergedFeed {

    /** An instrument's feed as {@code GET /api/feed} shows it. */
    public record FeedView(String instrument, boolean open, String activeSource, Instant gapSince,
            List<SourceView> sources) {
    }

    /** One ranked source of an instrument, with its connection as the connector reports it. */
    public record SourceView(String source, int rank, SourceStatus status, Instant lastTickAt, Instant healthySince,
            String staleAfter, String connection) {
    }

    private static final Logger LOG = Logger.getLogger(MergedFeed.class);

    private final MutinyEmitter<String> ticks;
    private final MutinyEmitter<String> sourceEvents;
    /** In-process listeners of the feed's source events (gap repair), told asynchronously: never on the tick path. */
    private final Event<SourceEvent> observers;
    private final Tracer tracer;
    private final FeedMetrics metrics;
    private final FeedHealth health;
    private final Vertx vertx;
    private final MarketDataConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Supplier<String>> connections = new ConcurrentHashMap<>();
    private volatile Map<String, SourceHealthMonitor> monitors = Map.of();
    private volatile long checker = -1;

    @Inject
    public MergedFeed(@Channel("ticks") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            MutinyEmitter<String> ticks,
            @Channel("source-events") MutinyEmitter<String> sourceEvents,
            Tracer tracer, FeedMetrics metrics, FeedHealth health, Vertx vertx, MarketDataConfig config,
            Event<SourceEvent> observers) {
        this.observers = observers;
        this.ticks = ticks;
        this.sourceEvents = sourceEvents;
        this.tracer = tracer;
        this.metrics = metrics;
        this.health = health;
        this.vertx = vertx;
        this.config = config;
    }

    /** Starts one monitor per ranked instrument and the periodic health check; ticks are accepted from now on. */
    public synchronized void start(SourceRanking ranking) {
        if (checker >= 0) {
            throw new IllegalStateException("the merged feed is already running");
        }
        Instant now = clock.instant();
        Map<String, SourceHealthMonitor> created = new LinkedHashMap<>();
        ranking.byInstrument().forEach((instrument, sources) -> created.put(instrument, new SourceHealthMonitor(
                instrument, sources, ranking.staleAfter(), config.switchBackAfter(), config.startupGrace(),
                Instruments.find(instrument).orElseThrow().tradingHours(), now)));
        monitors = Map.copyOf(created);
        metrics.register(ranking, (instrument, source) -> status(instrument, source) == SourceStatus.HEALTHY,
                (instrument, source) -> source.equals(activeSource(instrument).orElse(null)));
        checker = vertx.setPeriodic(config.healthCheckInterval().toMillis(), id -> check());
        ranking.byInstrument().forEach((instrument, sources) -> LOG.infof(
                "merged feed of %s: sources %s, best first; switch back after %s", instrument, sources,
                config.switchBackAfter()));
    }

    void stop(@Observes ShutdownEvent event) {
        long timer = checker;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Lets {@code GET /api/feed} show a connector's own view of its connection (state, last error). */
    public void describeConnection(String source, Supplier<String> description) {
        connections.put(source, description);
    }

    /**
     * A valid tick from a source. Never throws: a failure here must not end the source's subscription, so it is logged
     * and the next tick is handled as usual.
     */
    public void onTick(Tick tick) {
        SourceHealthMonitor monitor = monitors.get(tick.instrument());
        if (monitor == null) {
            return; // not streamed (or the feed has not started): the connectors only subscribe ranked instruments
        }
        try {
            Instant now = clock.instant();
            metrics.received(tick, now);
            health.onTick(tick.source(), tick.instrument(), now);
            synchronized (monitor) {
                TickVerdict verdict = monitor.onTick(tick.source(), tick.eventTime(), now);
                verdict.events().forEach(this::publish);
                if (verdict.publish()) {
                    publish(tick);
                    health.onPublished(tick.instrument(), now);
                } else if (verdict.duplicate()) {
                    metrics.duplicate(tick);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "merged feed failed on a %s tick of %s", tick.source(), tick.instrument());
        }
    }

    /** Judges every instrument's sources now: silence is noticed even when no tick arrives at all. */
    void check() {
        for (SourceHealthMonitor monitor : monitors.values()) {
            try {
                synchronized (monitor) {
                    monitor.evaluate(clock.instant()).forEach(this::publish);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "merged feed health check of %s failed", monitor.instrument());
            }
        }
    }

    private void publish(Tick tick) {
        Span span = tracer.spanBuilder("tick " + tick.instrument()).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("tickflow.instrument", tick.instrument())
                .setAttribute("tickflow.source", tick.source())
                .setAttribute("tickflow.event_id", tick.eventId().toString())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ticks.sendMessageAndForget(KafkaRecords.message(tick)
                    .addMetadata(TracingMetadata.withCurrent(Context.current())));
            metrics.published(tick);
        } finally {
            span.end();
        }
    }

    /**
     * Publishes a source event that is not the feed's own decision (a gap repaired from history) like the feed's: log,
     * metric, topic.
     */
    public void report(SourceEvent event) {
        publish(event);
    }

    private void publish(SourceEvent event) {
        boolean problem = event.kind() == SourceEventKind.FAILOVER || event.kind() == SourceEventKind.SOURCE_STALE
                || event.kind() == SourceEventKind.GAP_DETECTED;
        LOG.logf(problem ? Logger.Level.WARN : Logger.Level.INFO, "%s %s %s: %s", event.instrument(), event.kind(),
                event.kind().isSwitch() ? event.fromSource() + " -> " + event.toSource() : event.source(),
                event.reason());
        metrics.event(event);
        Span span = tracer.spanBuilder("source-event " + event.instrument()).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("tickflow.instrument", event.instrument())
                .setAttribute("tickflow.source_event", event.kind().name())
                .setAttribute("tickflow.event_id", event.eventId().toString())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            sourceEvents.sendMessage(KafkaRecords.message(event)
                            .addMetadata(TracingMetadata.withCurrent(Context.current())))
                    .subscribe().with(ok -> { }, failure -> LOG.errorf("source event %s %s of %s not published: %s",
                            event.kind(), event.eventId(), event.instrument(), failure.toString()));
        } finally {
            span.end();
        }
        observers.fireAsync(event);
    }

    public Optional<String> activeSource(String instrument) {
        SourceHealthMonitor monitor = monitors.get(instrument);
        if (monitor == null) {
            return Optional.empty();
        }
        synchronized (monitor) {
            return Optional.ofNullable(monitor.active());
        }
    }

    SourceStatus status(String instrument, String source) {
        SourceHealthMonitor monitor = monitors.get(instrument);
        if (monitor == null) {
            return null;
        }
        synchronized (monitor) {
            return monitor.status(source);
        }
    }

    public List<FeedView> view() {
        List<FeedView> views = new ArrayList<>();
        for (String instrument : monitors.keySet()) {
            view(instrument).ifPresent(views::add);
        }
        return views;
    }

    public Optional<FeedView> view(String instrument) {
        SourceHealthMonitor monitor = monitors.get(instrument);
        if (monitor == null) {
            return Optional.empty();
        }
        List<SourceHealthMonitor.SourceView> ranked;
        boolean open;
        String active;
        Instant gapSince;
        synchronized (monitor) {
            ranked = monitor.sources();
            open = monitor.open();
            active = monitor.active();
            gapSince = monitor.gapStart().orElse(null);
        }
        // the connectors' own state is read outside the lock: they take locks of their own
        List<SourceView> sources = ranked.stream().map(s -> new SourceView(s.source(), s.rank(), s.status(),
                s.lastTickAt(), s.healthySince(), SourceHealthMonitor.format(s.staleAfter()), connection(s.source())))
                .toList();
        return Optional.of(new FeedView(instrument, open, active, gapSince, sources));
    }

    private String connection(String source) {
        Supplier<String> description = connections.get(source);
        if (description == null) {
            return null;
        }
        try {
            return description.get();
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }
}
