package io.tickflow.marketdata.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the ticks topic for the tick store: one Kafka consumer on its own thread, each poll handed whole to
 * {@link TickStorageConsumer#store} on one of {@code writers} threads, offsets committed only past stored ticks.
 *
 * <p><b>Why a plain consumer, not a SmallRye channel.</b> This is the one path that moves every tick of the
 * platform in bulk. A SmallRye batch channel wraps each record of a poll in its own message with its own metadata
 * map and generation-id header before the method sees the batch, and passes the batch through the event loop: in
 * {@code make bench-ingest} that was a quarter of the JVM's CPU per stored tick, CPU the database on the same cores
 * then lacked. Every other consumer of the platform is a channel; this class keeps the channel's guarantees (below)
 * so that the difference is only in cost.
 *
 * <p><b>Durable before committed.</b> A batch's offsets are committed only when it and every batch polled before it
 * are stored ({@link PendingOffsets}): the two writers may finish in either order. A crash redelivers the batches
 * in flight, which {@link io.tickflow.tickstore.TickCopyWriter} stores idempotently. On a rebalance the poller waits
 * (up to {@code drain-timeout}) for the batches being stored, commits what they stored and forgets the partitions
 * it lost; a batch still being stored after that is stored but not committed from here: the partition's new owner
 * reads it again.
 *
 * <p><b>Back-pressure.</b> With {@code max-in-flight} batches polled and not stored the consumer pauses its
 * partitions and goes on polling (so it stays in the group) until a writer is free: a slow database slows
 * consumption and memory stays bounded by that many batches of {@code max-poll-records}.
 *
 * <p><b>Failure.</b> {@link TickStorageConsumer} retries database outages itself and dead-letters bad ticks, so a
 * batch that fails here is a fault it could not handle: the poller stops without committing that batch, as a channel
 * with {@code failure-strategy=fail} does, and liveness reports it ({@link TickStoreLiveness}) so the pod is
 * restarted and the batch read again.
 */
@ApplicationScoped
public class TickTopicPoller {

    private static final Logger LOG = Logger.getLogger(TickTopicPoller.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_POLL_BACKOFF = Duration.ofSeconds(5);
    /** A batch a writer never started because the poller was stopping: not stored, read again after the restart. */
    private static final Throwable SKIPPED_WHILE_STOPPING =
            new CancellationException("not stored: the tick store was stopping");

    /** What the poller is doing, for liveness and logs. */
    enum State { NOT_STARTED, DISABLED, RUNNING, STOPPED, FAILED }

    private final TickStoreConfig config;
    private final Map<String, Object> kafka;
    private final TickStorageConsumer storage;
    private final MeterRegistry registry;
    /** Batches the writers finished (stored or failed), for the poller thread to settle. */
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile State state = State.NOT_STARTED;
    private volatile String failure;
    private volatile boolean running;
    private boolean stopped;
    private Thread poller;
    private ExecutorService writers;

    // the poller thread's own (the rebalance listener and commit callbacks run on it, inside poll and commit calls)
    private final PendingOffsets pending = new PendingOffsets();
    private KafkaConsumer<byte[], byte[]> consumer;
    private boolean paused;
    /** Set once the final drain is done: the revocation that close() triggers then only commits. */
    private boolean closing;
    private long lastCommit;

    private record Finished(PendingOffsets.Batch batch, Throwable error) {
    }

    @Inject
    public TickTopicPoller(TickStoreConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            TickStorageConsumer storage, MeterRegistry registry) {
        this.config = config;
        this.kafka = kafka;
        this.storage = storage;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        requireAtLeast(1, config.writers(), "tickflow.tick-store.writers");
        requireAtLeast(1, config.maxPollRecords(), "tickflow.tick-store.max-poll-records");
        requireAtLeast(config.writers(), config.maxInFlight(), "tickflow.tick-store.max-in-flight");
        if (!config.enabled()) {
            state = State.DISABLED;
            LOG.info("tick store disabled (tickflow.tick-store.enabled=false): this instance stores no ticks");
        } else if (config.autostart()) {
            start();
        }
    }

    private static void requireAtLeast(int min, int value, String setting) {
        if (value < min) {
            throw new IllegalStateException(setting + " is " + value + "; it must be at least " + min);
        }
    }

    /** Starts reading the topic (once, and not once the service is stopping; later calls do nothing). */
    public synchronized void start() {
        if (state != State.NOT_STARTED || stopped) {
            return;
        }
        running = true;
        state = State.RUNNING;
        lastCommit = System.nanoTime() - config.commitInterval().toNanos(); // the first stored batch commits at once
        AtomicInteger n = new AtomicInteger();
        writers = Executors.newFixedThreadPool(config.writers(),
                r -> new Thread(r, "tick-store-writer-" + n.incrementAndGet()));
        Gauge.builder("tickflow_tick_store_batches_in_flight", inFlight, AtomicInteger::get)
                .description("Batches polled from the ticks topic and not yet stored").register(registry);
        poller = new Thread(this::run, "tick-store-poller");
        poller.start();
    }

    /**
     * Stops polling (the loop notices within one poll timeout; no wake-up, which would abort the final commit), stops
     * the writers' retries of an unreachable database, waits for the batches being stored, commits them and leaves
     * the group, so that the partitions' next owner starts at once rather than after a session timeout.
     */
    void onStop(@Observes ShutdownEvent event) {
        Thread thread;
        synchronized (this) {
            stopped = true;
            running = false;
            thread = poller;
        }
        if (thread == null) {
            return;
        }
        storage.stopRetrying();
        Duration bound = config.pollTimeout().plus(config.drainTimeout()).plus(COMMIT_TIMEOUT).plus(CLOSE_TIMEOUT)
                .plusSeconds(2);
        try {
            thread.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("tick store consumer still closing after %d s; batches not committed are read again",
                    bound.toSeconds());
        }
    }

    State state() {
        return state;
    }

    String failure() {
        return failure;
    }

    int inFlight() {
        return inFlight.get();
    }

    private void run() {
        KafkaClientMetrics metrics = null;
        KafkaConsumer<byte[], byte[]> c = null;
        try {
            c = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer = c;
            metrics = new KafkaClientMetrics(c);
            metrics.bindTo(registry);
            c.subscribe(List.of(config.topic()), new Rebalance());
            LOG.infof("tick store reading %s as group %s (%d writers, at most %d ticks a batch)", config.topic(),
                    config.groupId(), config.writers(), config.maxPollRecords());
            try {
                poll(c);
            } finally {
                drain(c);
            }
        } catch (Throwable t) {
            fail("the ticks topic's consumer failed: " + t, t);
        } finally {
            running = false;
            storage.stopRetrying(); // writers still waiting on the database give their batches up
            writers.shutdown();
            closing = true;
            if (c != null) {
                try {
                    c.close(CloseOptions.timeout(CLOSE_TIMEOUT));
                } catch (RuntimeException e) {
                    LOG.warnf("tick store consumer did not close cleanly: %s", e.toString());
                }
            }
            if (metrics != null) {
                metrics.close();
            }
            if (state == State.RUNNING) {
                state = State.STOPPED;
            }
        }
    }

    private void poll(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        Duration backoff = config.pollTimeout();
        while (running) { // fail() clears it too
            try {
                if (inFlight.get() >= config.maxInFlight()) {
                    if (!paused) {
                        c.pause(c.assignment());
                        paused = true;
                    }
                    // wait for a writer rather than spin; polling on keeps this consumer in its group (partitions
                    // assigned meanwhile are paused by the rebalance listener, so this poll brings no records)
                    settle(c, finished.poll(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS));
                    dispatch(c.poll(Duration.ZERO));
                    continue;
                }
                if (paused) {
                    c.resume(c.paused());
                    paused = false;
                }
                dispatch(c.poll(config.pollTimeout()));
                settle(c, null);
                backoff = config.pollTimeout();
            } catch (RetriableException | AuthenticationException | AuthorizationException e) {
                // brokers restarting, a leader moving, credentials or ACLs being rolled: nothing was consumed by
                // the failed call, so polling again skips nothing; the batches in flight carry on meanwhile
                LOG.warnf("tick store poll failed (%s), polling again in %d ms", e.toString(), backoff.toMillis());
                settle(c, finished.poll(backoff.toMillis(), TimeUnit.MILLISECONDS));
                backoff = Duration.ofNanos(Math.min(backoff.toNanos() * 2, MAX_POLL_BACKOFF.toNanos()));
            }
        }
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            if (!records.nextOffsets().isEmpty()) {
                // the position moved over transaction markers only: committable once the batches before it are
                pending.stored(pending.polled(records.nextOffsets()));
            }
            return;
        }
        PendingOffsets.Batch batch = pending.polled(records.nextOffsets());
        inFlight.incrementAndGet();
        writers.execute(() -> {
            if (!running) {
                finished.add(new Finished(batch, SKIPPED_WHILE_STOPPING));
                return;
            }
            Throwable error = null;
            try {
                storage.store(records);
            } catch (Throwable t) {
                error = t;
            }
            finished.add(new Finished(batch, error));
        });
    }

    /**
     * Takes in what the writers finished ({@code first}, then any others) and commits the offsets that moved, at most
     * once per commit interval (a crash reads at most that much again, and the broker is not asked per batch).
     */
    private void settle(KafkaConsumer<byte[], byte[]> c, Finished first) {
        if (first != null) {
            release(first);
        }
        for (Finished f = finished.poll(); f != null; f = finished.poll()) {
            release(f);
        }
        long now = System.nanoTime();
        if (now - lastCommit < config.commitInterval().toNanos()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.takeAdvanced();
        if (!offsets.isEmpty()) {
            lastCommit = now;
            c.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    // runs on this thread, inside a later poll: the next commit sends the offsets again
                    LOG.warnf("tick store offset commit failed (%s); committing again", e.toString());
                    pending.retry();
                }
            });
        }
    }

    /** One batch a writer finished: its offsets become committable in order, or the poller fails. */
    private void release(Finished f) {
        inFlight.decrementAndGet();
        if (f.error() == null) {
            pending.stored(f.batch());
        } else if (!running && state == State.RUNNING) {
            // shutting down while the database was unreachable: not stored, not committed, read again after restart
            LOG.infof("tick store stopping with a batch not stored (%s); it is read again after the restart",
                    f.error().getMessage());
        } else {
            // never stored, so never committed: the batch is read again after the restart liveness asks for
            fail("a batch of ticks could not be stored: " + f.error(), f.error());
        }
    }

    /** Waits (up to drain-timeout) for the batches being stored, then commits what is stored. */
    private void drain(KafkaConsumer<byte[], byte[]> c) {
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Finished f = finished.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                        TimeUnit.MILLISECONDS);
                if (f != null) {
                    release(f);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commitSync(c, pending.committable(c.assignment()));
    }

    private void commitSync(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            c.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            // stored but not committed: read again by whoever owns the partitions next, and stored once
            LOG.warnf("tick store could not commit %s (%s); those ticks will be read again", offsets.keySet(), e);
        }
    }

    private void fail(String reason, Throwable cause) {
        if (state == State.FAILED) {
            return;
        }
        failure = reason;
        state = State.FAILED;
        running = false;
        LOG.error("tick store stopped: " + reason + "; liveness is DOWN until a restart", cause);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, config.clientId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group stores what the topic still holds: the store is the record, not a live view
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.fetchMinBytes());
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis());
        return c;
    }

    /** Runs on the poller thread, inside {@code poll} (or {@code close}). */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            if (closing) {
                commitSync(consumer, pending.committable(partitions)); // drained already
            } else {
                drain(consumer);
            }
            pending.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.forget(partitions); // another member owns them already: committing would fail or rewind
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions); // new partitions come unpaused: the memory bound needs them paused
            }
        }
    }
}
