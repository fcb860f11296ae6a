package io.tickflow.messaging;

import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The transactional outbox (no dual writes): a service writes its state change and the events announcing it in the
 * same database transaction, through {@link #append}; {@link OutboxRelay} publishes them to Kafka afterwards, in
 * commit order, at least once. Each service has its own {@code <schema>.outbox} table (see its Flyway migrations).
 */
public final class Outbox {

    private Outbox() {
    }

    /** Appends to {@code schema}.outbox on {@code tx}, which must be the connection of the business transaction. */
    public static Uni<Void> append(SqlClient tx, String schema, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = messages.stream()
                .map(m -> Tuple.of(m.topic().topicName(), m.key(), m.eventType(), m.payload(), m.traceparent()))
                .toList();
        return tx.preparedQuery("INSERT INTO " + schema
                        + ".outbox (topic, record_key, event_type, payload, traceparent) VALUES ($1, $2, $3, $4, $5)")
                .executeBatch(rows)
                .replaceWithVoid();
    }
}
