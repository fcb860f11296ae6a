package io.tickflow.marketdata.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.InvalidEventException;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.tickstore.CopyRows;
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
    /**
     * Each writer thread's batch of encoded rows, reused from poll to poll: a poll of 7,000 ticks is about 1 MB of
     * rows, which would otherwise be allocated and zeroed again for every poll, about a hundred times a second.
     */
    private static final ThreadLocal<CopyRows> BATCH = ThreadLocal.withInitial(() -> new CopyRows(1 << 20));

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

    /**
     * Stores {@code records}; returns once each is stored or dead-lettered. Called by {@link TickTopicPoller}. Each
     * record is encoded once into the batch's COPY rows, straight from its bytes ({@link TickDecoder#copyRow}), or
     * through a decoded Tick when it has another shape; the rows are then copied, and copied again on a retry or a
     * split, without decoding anything again.
     */
    public void store(ConsumerRecords<byte[], byte[]> records) {
        long start = System.nanoTime();
        CopyRows batch = BATCH.get();
        List<ConsumerRecord<byte[], byte[]>> origins = new ArrayList<>(records.count());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    append(batch, r.value());
                    origins.add(r);
                } catch (InvalidEventException e) {
                    deadLettered.add(deadLetters.send(asText(r), e.getMessage()));
                }
            }
            storeSplittingRefused(batch, 0, batch.size(), origins, deadLettered);
        } finally {
            batch.clear(); // the thread's next batch starts empty, however this one ended
        }
        if (!deadLettered.isEmpty()) {
            // acknowledged only once every dead letter is on its topic: none is lost with the batch's offsets
            Uni.join().all(deadLettered).andFailFast().await().indefinitely();
        }
        batchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /**
     * Appends the tick in {@code json} to {@code batch} as its row.
     *
     * @throws InvalidEventException when it is not a valid Tick; nothing is appended then
     */
    private static void append(CopyRows batch, byte[] json) {
        int before = batch.size();
        try {
            if (!TickDecoder.copyRow(json, batch)) {
                TickCopyWriter.encodeRow(batch, TickDecoder.decode(json));
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            // a tick PostgreSQL's types cannot hold (a numeric beyond 131,072 integer digits or 16,383 decimals, a
            // timestamp beyond the year 294276): the event rules (Checks) keep ticks far inside those bounds, but a
            // tick that ever passed them would be refused here like invalid data instead of failing its batch
            if (batch.size() > before) {
                batch.dropLastRow();
            }
            String reason = String.valueOf(e.getMessage());
            throw new InvalidEventException("the tick store cannot hold this tick: "
                    + (reason.length() > 200 ? reason.substring(0, 200) + "..." : reason));
        } catch (SQLException e) {
            throw new IllegalStateException("rows in memory are not written to a database yet", e);
        }
    }

    /**
     * Stores rows {@code from} to {@code to} of {@code batch}; when the database refuses their data, halves the run
     * until the refused rows are alone.
     */
    private void storeSplittingRefused(CopyRows batch, int from, int to, List<ConsumerRecord<byte[], byte[]>> origins,
            List<Uni<Void>> deadLettered) {
        if (from == to) {
            return;
        }
        try {
            TickCopyWriter.Written written = writeRetrying(batch, from, to);
            rows.increment(written.inserted());
            duplicates.increment(to - from - written.inserted());
        } catch (SQLException refused) {
            if (to - from == 1) {
                deadLettered.add(deadLetters.send(asText(origins.get(from)), "tick store refused the tick ("
                        + refused.getSQLState() + "): " + firstLine(refused.getMessage())));
                return;
            }
            int half = (from + to) >>> 1;
            storeSplittingRefused(batch, from, half, origins, deadLettered);
            storeSplittingRefused(batch, half, to, origins, deadLettered);
        }
    }

    /**
     * Writes, retrying every failure that is not about the data itself.
     *
     * @throws SQLException when the database refuses the rows' data: retrying would fail the same way
     */
    private TickCopyWriter.Written writeRetrying(CopyRows batch, int from, int to) throws SQLException {
        long backoff = FIRST_RETRY.toNanos();
        while (true) {
            try {
                return writer.write(batch, from, to);
            } catch (SQLException e) {
                if (refusesData(e)) {
                    throw e;
                }
                if (stopping.getCount() == 0) {
                    // not committed: the next owner of the partition reads the batch again
                    throw new IllegalStateException("shutting down with a batch not stored", e);
                }
                retries.increment();
                LOG.warnf("tick store write of %d ticks failed (%s: %s), retrying in %d ms", to - from,
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
