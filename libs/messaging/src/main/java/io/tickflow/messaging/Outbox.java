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

    /**
     * The same append as one common table expression of a larger statement, for writes that must take a single round
     * trip (execution's order path): appends one row per element of five array parameters
     * {@code $first..$first+4} (see {@link #arrays}), once per row of the CTE {@code gate}, so nothing is appended
     * when the gating write inserted nothing.
     */
    public static String appendCte(String schema, String gate, int first) {
        return "INSERT INTO " + schema + ".outbox (topic, record_key, event_type, payload, traceparent)"
                + " SELECT m.topic, m.record_key, m.event_type, m.payload, m.traceparent FROM " + gate + ", unnest($"
                + first + "::text[], $" + (first + 1) + "::text[], $" + (first + 2) + "::text[], $" + (first + 3)
                + "::text[], $" + (first + 4) + "::text[]) WITH ORDINALITY AS m(topic, record_key, event_type, payload,"
                + " traceparent, n) ORDER BY m.n";
    }

    /** The five array parameters {@link #appendCte} binds, in order. */
    public static Object[] arrays(List<OutboxMessage> messages) {
        int n = messages.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        String[] traceparents = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxMessage m = messages.get(i);
            topics[i] = m.topic().topicName();
            keys[i] = m.key();
            types[i] = m.eventType();
            payloads[i] = m.payload();
            traceparents[i] = m.traceparent();
        }
        return new Object[] {topics, keys, types, payloads, traceparents};
    }
}
