package io.tickflow.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tickflow.events.EventHeaders;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Base of each service's outbox bean (a subclass that passes its schema and its {@code outbox} channel).
 * Publishes a service's outbox rows to Kafka in id order and marks them published once the broker acknowledged
 * every one. A row is published at least once (a crash between the ack and the update republishes it), so consumers
 * de-duplicate on the event id. Rows are locked with SKIP LOCKED so a second instance cannot publish them twice
 * concurrently. Woken right after a commit by {@link #wakeUp()}, and by a periodic sweep as a backstop.
 */
public abstract class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final Duration SWEEP = Duration.ofMillis(500);

    private final Pool pool;
    private final String schema;
    private final String topicPrefix;
    private final Emitter<String> emitter;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final Counter published;
    private final Counter failures;

    protected OutboxRelay(Pool pool, String schema, Emitter<String> emitter, TopicNames topics,
            MeterRegistry registry) {
        this.pool = pool;
        this.schema = schema;
        this.topicPrefix = topics.prefix();
        this.emitter = emitter;
        this.published = Counter.builder("tickflow_outbox_published_total").tag("schema", schema)
                .description("Outbox rows published to Kafka").register(registry);
        this.failures = Counter.builder("tickflow_outbox_publish_failures_total").tag("schema", schema)
                .description("Outbox relay rounds that failed and will be retried").register(registry);
    }

    /** Starts the periodic sweep that publishes whatever no wake-up covered (e.g. rows left by a crash). */
    void startSweeping(@Observes StartupEvent event, io.vertx.mutiny.core.Vertx vertx) {
        vertx.setPeriodic(SWEEP.toMillis(), id -> wakeUp());
        wakeUp();
    }

    /**
     * Call after a commit that appended to the outbox, to publish without waiting for the sweep. Rounds never
     * overlap; a request during a round schedules another.
     */
    public void wakeUp() {
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        relayOnce().subscribe().with(n -> finishRound(n > 0), e -> {
            failures.increment();
            LOG.warnf("outbox relay round for %s failed, will retry: %s", schema, e.toString());
            running.set(false);
        });
    }

    private void finishRound(boolean more) {
        running.set(false);
        if (more || again.get()) {
            wakeUp();
        }
    }

    /** One round: publishes up to {@value #BATCH} rows, returns how many. */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT id, topic, record_key, event_type, payload,"
                        + " traceparent FROM " + schema + ".outbox WHERE published_at IS NULL ORDER BY id LIMIT "
                        + BATCH + " FOR UPDATE SKIP LOCKED")
                .execute()
                .onItem().transformToUni(rows -> {
                    List<Long> ids = new ArrayList<>();
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        acks.add(send(row));
                    }
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.createFrom().completionStage(
                                    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                            .ifNoItem().after(Duration.ofSeconds(30)).fail()
                            .chain(() -> markPublished(conn, ids))
                            .invoke(() -> published.increment(ids.size()))
                            .replaceWith(ids.size());
                }));
    }

    private CompletableFuture<Void> send(Row row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.EVENT_TYPE, row.getString("event_type").getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topicPrefix + row.getString("topic"))
                .withKey(row.getString("record_key"))
                .withHeaders(headers)
                .build();
        CompletableFuture<Void> ack = new CompletableFuture<>();
        Message<String> message = Message.of(row.getString("payload"))
                .addMetadata(kafka)
                // continue the trace of the business transaction that wrote the row, not the relay's own
                .addMetadata(TracingMetadata.withCurrent(Traces.fromTraceparent(row.getString("traceparent"))))
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    ack.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return ack;
    }

    private Uni<Void> markPublished(SqlConnection conn, List<Long> ids) {
        return conn.preparedQuery("UPDATE " + schema + ".outbox SET published_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }
}
