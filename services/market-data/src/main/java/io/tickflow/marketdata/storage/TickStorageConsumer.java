package io.tickflow.marketdata.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.tickstore.TickCopyWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Stores the ticks topic in the tick store, one Kafka poll (at most {@code max.poll.records}) per transaction. Storage
 * reads the topic rather than being written next to the publish (no dual write): a restart resumes from the committed
 * offset and loses nothing, and a slow database never delays the live path.
 *
 * <p><b>Durable before committed.</b> The method is blocking: SmallRye acknowledges a batch when the method returns,
 * which is after {@link TickCopyWriter#write} committed, and the throttled commit strategy commits a partition's
 * offset only up to the oldest batch not yet acknowledged. Two batches are stored at a time (the worker pool
 * {@value #WRITERS}, {@code max-concurrency} 2) and may finish in either order; a crash redelivers every batch not
 * covered by the committed offsets, which the writer stores idempotently. Rows need no order: the table is keyed and
 * read by event time.
 *
 * <p><b>Back-pressure.</b> At most {@code max-concurrency} batches are being stored, on as many database connections;
 * the connector pauses its partitions once {@code max.poll.records} times its queue factor are waiting, so a slow
 * database slows consumption and memory stays bounded by a few batches.
 *
 * <p><b>Bad input.</b> A record that is not a valid Tick is dead-lettered with the decoder's reason. A batch the
 * database refuses for its data (SQLSTATE class 22 or 23) is split until the refused ticks are found; those are
 * dead-lettered with the database's reason and the rest stored. Any other database failure (down, restarting, out of
 * connections) is retried with back-off for as long as it lasts, holding the partition rather than skipping ticks.
 */
@ApplicationScoped
public class TickStorageConsumer {

    /** The worker pool that stores batches; its size ({@code max-concurrency}) is how many are stored at once. */
    static final String WRITERS = "tick-store-writers";
    private static final Logger LOG = Logger.getLogger(TickStorageConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final TickCopyWriter writer;
    private final DeadLetters deadLetters;
    private final Counter rows;
    private final Counter duplicates;
    private final Counter retries;
    private final Timer batchTime;
    private volatile boolean stopping;

    @Inject
    public TickStorageConsumer(DataSource dataSource, DeadLetters deadLetters, MeterRegistry registry) {
        this.writer = new TickCopyWriter(dataSource);
        this.deadLetters = deadLetters;
        this.rows = Counter.builder("tickflow_tick_store_rows_total")
                .description("Ticks written to the tick store (new rows only)").register(registry);
        this.duplicates = Counter.builder("tickflow_tick_store_duplicates_total")
                .description("Ticks delivered again that were stored already, and skipped").register(registry);
        this.retries = Counter.builder("tickflow_tick_store_write_retries_total")
                .description("Batch writes retried after a database failure").register(registry);
        this.batchTime = Timer.builder("tickflow_tick_store_batch_seconds")
                .description("Decoding and storing one batch, commit included").register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Incoming("tick-store")
    @Blocking(value = WRITERS, ordered = false)
    public void store(ConsumerRecords<String, byte[]> records) {
        long start = System.nanoTime();
        List<Tick> ticks = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> origins = new ArrayList<>(records.count());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                ticks.add(TickDecoder.decode(r.value()));
                origins.add(r);
            } catch (InvalidEventException e) {
                deadLettered.add(deadLetters.send(asText(r), e.getMessage()));
            }
        }
        storeSplittingRefused(ticks, origins, deadLettered);
        if (!deadLettered.isEmpty()) {
            // acknowledged only once every dead letter is on its topic: none is lost with the batch's offsets
            Uni.join().all(deadLettered).andFailFast().await().indefinitely();
        }
        batchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /** Stores {@code ticks}; when the database refuses their data, halves the batch until the refused ones are alone. */
    private void storeSplittingRefused(List<Tick> ticks, List<ConsumerRecord<String, byte[]>> origins,
            List<Uni<Void>> deadLettered) {
        if (ticks.isEmpty()) {
            return;
        }
        try {
            TickCopyWriter.Written written = writeRetrying(ticks);
            rows.increment(written.inserted());
            duplicates.increment(ticks.size() - written.inserted());
        } catch (SQLException refused) {
            if (ticks.size() == 1) {
                deadLettered.add(deadLetters.send(asText(origins.get(0)), "tick store refused the tick ("
                        + refused.getSQLState() + "): " + firstLine(refused.getMessage())));
                return;
            }
            int half = ticks.size() / 2;
            storeSplittingRefused(ticks.subList(0, half), origins.subList(0, half), deadLettered);
            storeSplittingRefused(ticks.subList(half, ticks.size()), origins.subList(half, origins.size()),
                    deadLettered);
        }
    }

    /**
     * Writes, retrying every failure that is not about the data itself.
     *
     * @throws SQLException when the database refuses the batch's data: retrying would fail the same way
     */
    private TickCopyWriter.Written writeRetrying(List<Tick> ticks) throws SQLException {
        long backoff = FIRST_RETRY.toNanos();
        while (true) {
            try {
                return writer.write(ticks);
            } catch (SQLException e) {
                if (refusesData(e)) {
                    throw e;
                }
                if (stopping) {
                    // unacknowledged: the next owner of the partition gets the batch again
                    throw new IllegalStateException("shutting down with a batch not stored", e);
                }
                retries.increment();
                LOG.warnf("tick store write of %d ticks failed (%s: %s), retrying in %d ms", ticks.size(),
                        e.getSQLState(), firstLine(e.getMessage()), TimeUnit.NANOSECONDS.toMillis(backoff));
                // holding the worker is the back-pressure: the connector pauses the partitions meanwhile
                LockSupport.parkNanos(backoff);
                backoff = Math.min(backoff * 2, MAX_RETRY.toNanos());
            }
        }
    }

    /** The record as the other consumers see it (UTF-8 text), for its dead letter; only refused records pay for it. */
    private static ConsumerRecord<String, String> asText(ConsumerRecord<String, byte[]> r) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), r.key(),
                r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8), r.headers(), r.leaderEpoch());
    }

    /** Data exceptions (22xxx) and integrity violations (23xxx): the same batch would fail again. */
    static boolean refusesData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
