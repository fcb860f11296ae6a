package io.tickflow.marketdata.bars;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tickflow.events.BarResolution;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.marketdata.storage.TickDecoder;
import io.tickflow.messaging.KafkaRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Builds bars from the ticks topic (its own consumer group, so storage and bars never hold each other up), publishes
 * each closed bar to the bars topic and stores it in {@code market_data.bars}. A batch is acknowledged after its
 * closed bars are on the topic and in the table; bars have deterministic ids and the table skips a bar it has, so a
 * redelivered batch repeats nothing. The late-tick and restart policy is {@link BarAggregator}'s.
 *
 * <p>Invalid ticks are skipped and counted here, not dead-lettered: the tick store consumer of the same topic
 * dead-letters them already, once.
 */
@ApplicationScoped
public class BarConsumer {

    public static final String SOURCE = "market-data";
    private static final Logger LOG = Logger.getLogger(BarConsumer.class);

    private final BarAggregator aggregator;
    private final BarRepository repository;
    private final MutinyEmitter<String> bars;
    private final MeterRegistry registry;
    private final BarsConfig config;
    /** Wall-clock time of each instrument's last tick, for closing the bars of a quiet feed. */
    private final Map<String, Instant> lastTickAt = new ConcurrentHashMap<>();
    private ScheduledExecutorService idleCloser;
    private volatile boolean stopping;

    @Inject
    public BarConsumer(DataSource dataSource, @Channel("bars") MutinyEmitter<String> bars, MeterRegistry registry,
            BarsConfig config) {
        if (config.allowedLateness().isNegative()) {
            throw new IllegalStateException("tickflow.bars.allowed-lateness must not be negative, was "
                    + config.allowedLateness());
        }
        if (config.idleClose().compareTo(config.allowedLateness()) < 0) {
            throw new IllegalStateException("tickflow.bars.idle-close (" + config.idleClose()
                    + ") must not be shorter than tickflow.bars.allowed-lateness (" + config.allowedLateness() + ")");
        }
        this.aggregator = new BarAggregator(config.allowedLateness(), config.resolutions(), SOURCE);
        this.repository = new BarRepository(dataSource);
        this.bars = bars;
        this.registry = registry;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        idleCloser = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bar-idle-close"));
        idleCloser.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (idleCloser != null) {
            idleCloser.shutdownNow();
        }
    }

    @Incoming("bar-ticks")
    @Blocking(ordered = true)
    public void onTicks(ConsumerRecords<String, String> records) {
        List<BarAggregator.ClosedBar> closed = new ArrayList<>();
        Instant now = Instant.now();
        synchronized (aggregator) {
            for (ConsumerRecord<String, String> r : records) {
                Tick tick;
                try {
                    tick = TickDecoder.decode(r.value());
                } catch (InvalidEventException e) {
                    registry.counter("tickflow_bars_invalid_ticks_total").increment();
                    continue;
                }
                BarAggregator.Result result = aggregator.onTick(tick, now);
                for (BarResolution late : result.lateFor()) {
                    registry.counter("tickflow_bars_late_ticks_total", "resolution", late.name()).increment();
                }
                closed.addAll(result.closed());
                lastTickAt.put(tick.instrument(), now);
            }
        }
        emit(closed);
    }

    /** Closes the bars of instruments whose feed went quiet (a market closing, a source failing). */
    void closeIdle() {
        try {
            Instant now = Instant.now();
            List<BarAggregator.ClosedBar> closed = new ArrayList<>();
            synchronized (aggregator) {
                for (String instrument : aggregator.instrumentsWithOpenBars()) {
                    Instant last = lastTickAt.get(instrument);
                    if (last != null && Duration.between(last, now).compareTo(config.idleClose()) >= 0) {
                        closed.addAll(aggregator.closeAll(instrument, now));
                    }
                }
            }
            emit(closed);
        } catch (RuntimeException e) {
            LOG.warn("closing the bars of quiet instruments failed; the next tick or run closes them", e);
        }
    }

    /** Stores, then publishes; returns when both are done (retrying the store while the database is away). */
    private void emit(List<BarAggregator.ClosedBar> closed) {
        if (closed.isEmpty()) {
            return;
        }
        long backoff = TimeUnit.MILLISECONDS.toNanos(100);
        while (true) {
            try {
                repository.insert(closed);
                break;
            } catch (SQLException e) {
                if (stopping) {
                    throw new IllegalStateException("shutting down with bars not stored", e);
                }
                LOG.warnf("storing %d bars failed (%s), retrying", closed.size(), e.getMessage());
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toNanos(5));
            }
        }
        List<Uni<Void>> sent = new ArrayList<>(closed.size());
        for (BarAggregator.ClosedBar c : closed) {
            sent.add(bars.sendMessage(KafkaRecords.message(c.bar())));
            registry.counter("tickflow_bars_emitted_total", "resolution", c.bar().resolution().name()).increment();
        }
        Uni.join().all(sent).andFailFast().await().atMost(Duration.ofSeconds(30));
    }
}
