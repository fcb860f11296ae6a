package io.tickflow.marketdata.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.tickstore.TickCopyWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * Stores one poll of the ticks topic (at most {@code max-poll-records} ticks) in the tick store in one transaction.
 * {@link TickTopicPoller} reads the topic and calls {@link #store} from its writer threads, two batches at a time on
 * as many database connections; it commits a batch's offsets only after this method returned for it and for every
 * batch polled before it. Storage reads the topic rather than being written next to the publish (no dual write): a
 * restart resumes from the committed offsets and loses nothing, and a slow database never delays the live path.
 *
 * <p><b>Bad input.</b> A record that is not a valid Tick is dead-lettered with the decoder's reason. A batch the
 * database refuses for its data (SQLSTATE class 22 or 23) is split until the refused ticks are found; those are
 * dead-lettered with the database's reason and the rest stored. Any other database failure (down, restarting, out of
 * connections) is retried with back-off for as long as it lasts, holding the batch (and so its offsets and, through
 * the poller's back-pressure, the partitions) rather than skipping ticks. The method returns only once every tick of
 * the batch is stored or on its dead-letter topic.
 */
@ApplicationScoped
public class TickStorageConsumer {

    private static final Logger LOG = Logger.getLogger(TickStorageConsumer.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final TickCopyWriter writer;
    private final DeadLetters deadLetters;
    private final Counter rows;
    private final Counter duplicates;
    private final Counter retries;
    private final Timer batchTime;
    /** Counted down when the service stops: ends the back-off of a write waiting for the database at once. */
    private final CountDownLatch stopping = new CountDownLatch(1);

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

    /** Shutting down: a write failing from now on ends its batch unstored instead of retrying (read again later). */
    void stopRetrying() {
        stopping.countDown();
    }

    /** Stores {@code records}; returns once each is stored or dead-lettered. Called by {@link TickTopicPoller}. */
    public void store(ConsumerRecords<byte[], byte[]> records) {
        long start = System.nanoTime();
        List<Tick> ticks = new ArrayList<>(records.count());
        List<ConsumerRecord<byte[], byte[]>> origins = new ArrayList<>(records.count());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
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
    private void storeSplittingRefused(List<Tick> ticks, List<ConsumerRecord<byte[], byte[]>> origins,
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
                if (stopping.getCount() == 0) {
                    // not committed: the next owner of the partition reads the batch again
                    throw new IllegalStateException("shutting down with a batch not stored", e);
                }
                retries.increment();
                LOG.warnf("tick store write of %d ticks failed (%s: %s), retrying in %d ms", ticks.size(),
                        e.getSQLState(), firstLine(e.getMessage()), TimeUnit.NANOSECONDS.toMillis(backoff));
                // holding the writer is the back-pressure: the poller pauses its partitions meanwhile
                if (awaitStop(backoff)) {
                    throw new IllegalStateException("shutting down with a batch not stored", e);
                }
                backoff = Math.min(backoff * 2, MAX_RETRY.toNanos());
            }
        }
    }

    private boolean awaitStop(long nanos) {
        try {
            return stopping.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The record as the other consumers see it (UTF-8 text), for its dead letter; only refused records pay for it. */
    private static ConsumerRecord<String, String> asText(ConsumerRecord<byte[], byte[]> r) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), r.key() == null ? null : utf8(r.key()),
                r.value() == null ? null : utf8(r.value()), r.headers(), r.leaderEpoch());
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
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
