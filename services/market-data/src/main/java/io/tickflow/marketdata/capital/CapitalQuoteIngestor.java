package io.tickflow.marketdata.capital;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.tickflow.capital.CapitalComStreamingClient;
import io.tickflow.capital.Quote;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.marketdata.FeedHealth;
import io.tickflow.marketdata.MarketDataConfig;
import io.tickflow.messaging.KafkaRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Turns Capital.com streaming quotes into {@link Tick}s on the ticks topic. Each tick starts a trace: the span
 * created here is the root that signals, execution and the broker call continue, so one trace in Jaeger shows a
 * quote's whole way to an order and its fill.
 */
@ApplicationScoped
public class CapitalQuoteIngestor {

    public static final String SOURCE = "capital";
    private static final Logger LOG = Logger.getLogger(CapitalQuoteIngestor.class);

    private final CapitalComStreamingClient streaming;
    private final MutinyEmitter<String> ticks;
    private final Tracer tracer;
    private final MarketDataConfig config;
    private final MeterRegistry registry;
    private final FeedHealth health;
    private final Counter rejected;
    private final Timer receiveLag;
    private Cancellable subscription;

    @Inject
    public CapitalQuoteIngestor(CapitalComStreamingClient streaming,
            @Channel("ticks") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            MutinyEmitter<String> ticks,
            Tracer tracer, MarketDataConfig config, MeterRegistry registry, FeedHealth health) {
        this.streaming = streaming;
        this.ticks = ticks;
        this.tracer = tracer;
        this.config = config;
        this.registry = registry;
        this.health = health;
        this.rejected = Counter.builder("tickflow_market_data_rejected_quotes_total")
                .description("Quotes that could not become a valid tick").tag("source", SOURCE).register(registry);
        this.receiveLag = Timer.builder("tickflow_market_data_receive_lag_seconds")
                .description("Source timestamp to receipt, per quote").tag("source", SOURCE)
                .publishPercentileHistogram().register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.streamingEnabled()) {
            LOG.info("Capital.com streaming disabled (tickflow.market-data.streaming-enabled=false)");
            return;
        }
        LOG.infof("streaming %s from Capital.com", config.instruments());
        subscription = streaming.quotes(new LinkedHashSet<>(config.instruments()))
                .subscribe().with(this::publish, failure -> LOG.error("Capital.com quote stream ended", failure));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscription != null) {
            subscription.cancel();
        }
    }

    void publish(Quote quote) {
        Instant received = Instant.now();
        Tick tick;
        try {
            tick = new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), quote.timestamp(), received, quote.epic(), SOURCE,
                    quote.bid(), quote.ofr(), null, null);
        } catch (InvalidEventException e) {
            rejected.increment();
            LOG.warnf("dropping invalid quote for %s: %s", quote.epic(), e.getMessage());
            return;
        }
        receiveLag.record(Duration.between(quote.timestamp(), received).abs());
        health.onTick(SOURCE, tick.instrument(), received);
        Span span = tracer.spanBuilder("tick " + tick.instrument()).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("tickflow.instrument", tick.instrument())
                .setAttribute("tickflow.event_id", tick.eventId().toString())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            ticks.sendMessageAndForget(KafkaRecords.message(tick)
                    .addMetadata(TracingMetadata.withCurrent(Context.current())));
            registry.counter("tickflow_market_data_ticks_total", "source", SOURCE, "instrument", tick.instrument())
                    .increment();
        } finally {
            span.end();
        }
    }
}
