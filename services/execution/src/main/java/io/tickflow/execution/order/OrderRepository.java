package io.tickflow.execution.order;

import io.smallrye.mutiny.Uni;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Side;
import io.tickflow.events.Topic;
import io.tickflow.messaging.Outbox;
import io.tickflow.messaging.OutboxMessage;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * Orders and their transitions in {@code execution.orders} / {@code execution.order_transitions}. Every write
 * appends the matching OrderEvent (and whatever else the caller adds, e.g. a Fill) to the outbox in the same
 * transaction. Updates are optimistic on {@code sequence}: a write based on a stale version fails instead of
 * overwriting a newer state.
 */
@ApplicationScoped
public class OrderRepository {

    public static final String SCHEMA = "execution";
    private static final String COLUMNS = "order_id, instrument, side, size, strategy_id, signal_event_id, status,"
            + " sequence, deal_reference, deal_id, reason, fill_price, trace_id, traceparent, created_at, submitted_at,"
            + " updated_at, closes_deal_id";

    private final Pool pool;

    @Inject
    public OrderRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Inserts a new order whose first versions are {@code versions} (NEW first, then e.g. RISK_ACCEPTED and
     * SUBMITTING), with a transition row and an OrderEvent for each. Returns false, writing nothing, when an order
     * with the same id or the same signal exists already (a redelivered signal or intent).
     */
    public Uni<Boolean> insert(List<Order> versions) {
        // one statement, so one round trip and one commit: this write sits between a signal and its order leaving
        Order last = versions.get(versions.size() - 1);
        int n = versions.size();
        Long[] sequences = new Long[n];
        String[] from = new String[n];
        String[] to = new String[n];
        String[] reasons = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        List<OutboxMessage> events = new ArrayList<>();
        OrderStatus previous = null;
        for (int i = 0; i < n; i++) {
            Order v = versions.get(i);
            sequences[i] = v.sequence();
            from[i] = previous == null ? null : previous.name();
            to[i] = v.status().name();
            reasons[i] = v.reason();
            at[i] = utc(v.updatedAt());
            events.add(OutboxMessage.of(Topic.ORDER_EVENTS, v.event(previous), v.traceparent()));
            previous = v.status();
        }
        List<Object> params = new ArrayList<>(rowValues(last));
        params.addAll(Arrays.asList(sequences, from, to, reasons, at));
        params.addAll(Arrays.asList(Outbox.arrays(events)));
        return pool.preparedQuery("WITH o AS (INSERT INTO execution.orders (" + COLUMNS + ") VALUES"
                        + " ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) ON CONFLICT DO NOTHING"
                        + " RETURNING order_id),"
                        + " t AS (INSERT INTO execution.order_transitions (order_id, sequence, from_status, to_status,"
                        + " reason, at) SELECT o.order_id, v.sequence, v.from_status, v.to_status, v.reason, v.at"
                        + " FROM o, unnest($19::bigint[], $20::text[], $21::text[], $22::text[], $23::timestamptz[])"
                        + " AS v(sequence, from_status, to_status, reason, at)),"
                        + " m AS (" + Outbox.appendCte(SCHEMA, "o", 24) + ")"
                        + " SELECT count(*) FROM o")
                .execute(Tuple.tuple(params))
                .map(rs -> rs.iterator().next().getLong(0) > 0);
    }

    /** Stores {@code next} over {@code current}, plus the OrderEvent and {@code extra} outbox messages. */
    public Uni<Void> update(Order current, Order next, List<OutboxMessage> extra) {
        return pool.withTransaction(tx -> update(tx, current, next, extra));
    }

    /** As {@link #update(Order, Order, List)}, inside the caller's transaction. */
    public Uni<Void> update(SqlClient tx, Order current, Order next, List<OutboxMessage> extra) {
        List<OutboxMessage> events = new ArrayList<>();
        events.add(OutboxMessage.of(Topic.ORDER_EVENTS, next.event(current.status()), next.traceparent()));
        events.addAll(extra);
        return tx.preparedQuery("UPDATE execution.orders SET status=$2, sequence=$3, deal_reference=$4, deal_id=$5,"
                        + " reason=$6, fill_price=$7, submitted_at=$8, updated_at=$9 WHERE order_id=$1 AND sequence=$10")
                .execute(Tuple.tuple(Arrays.asList(next.orderId(), next.status().name(), next.sequence(),
                        next.dealReference(), next.dealId(), next.reason(),
                        next.fillPrice(), utc(next.submittedAt()), utc(next.updatedAt()),
                        current.sequence())))
                .chain(rs -> {
                    if (rs.rowCount() != 1) {
                        return Uni.createFrom().failure(new IllegalStateException("order " + current.orderId()
                                + " changed concurrently (expected sequence " + current.sequence() + ")"));
                    }
                    return insertTransitions(tx, List.of(transitionRow(next, current.status())))
                            .chain(() -> Outbox.append(tx, SCHEMA, events));
                });
    }

    public Uni<Optional<Order>> find(UUID orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM execution.orders WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rs -> StreamSupport.stream(rs.spliterator(), false).findFirst().map(OrderRepository::toOrder));
    }

    /** Orders whose outcome at the broker is not settled yet: the reconciler's work list. */
    public Uni<List<Order>> unresolved() {
        return list("WHERE status IN ('SUBMITTING', 'SUBMITTED', 'UNKNOWN') ORDER BY created_at", Tuple.tuple());
    }

    public Uni<List<Order>> recent(int limit) {
        return list("ORDER BY created_at DESC LIMIT $1", Tuple.of(limit));
    }

    /** Sizes of the orders on {@code instrument} whose outcome at the broker is not known yet, by side. */
    public record PendingExposure(BigDecimal buys, BigDecimal sells, long orders) {
        /** The net position if every pending order executed. */
        public BigDecimal expected(BigDecimal net) {
            return net.add(buys).subtract(sells);
        }
    }

    private Uni<List<Order>> list(String where, Tuple args) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM execution.orders " + where).execute(args)
                .map(rs -> StreamSupport.stream(rs.spliterator(), false).map(OrderRepository::toOrder).toList());
    }

    private static Uni<Void> insertTransitions(SqlClient tx, List<Tuple> rows) {
        return tx.preparedQuery("INSERT INTO execution.order_transitions"
                        + " (order_id, sequence, from_status, to_status, reason, at) VALUES ($1,$2,$3,$4,$5,$6)")
                .executeBatch(rows).replaceWithVoid();
    }

    private static Tuple transitionRow(Order v, OrderStatus previous) {
        return Tuple.tuple(Arrays.asList(v.orderId(), v.sequence(), previous == null ? null : previous.name(),
                v.status().name(), v.reason(), utc(v.updatedAt())));
    }

    private static List<Object> rowValues(Order o) {
        return Arrays.asList(o.orderId(), o.instrument(), o.side().name(), o.size(), o.strategyId(),
                o.signalEventId(), o.status().name(), o.sequence(), o.dealReference(),
                o.dealId(), o.reason(), o.fillPrice(), o.traceId(),
                o.traceparent(), utc(o.createdAt()), utc(o.submittedAt()), utc(o.updatedAt()), o.closesDealId());
    }

    static Order toOrder(Row r) {
        return new Order(r.getUUID("order_id"), r.getString("instrument"), Side.valueOf(r.getString("side")),
                r.getBigDecimal("size"), r.getString("strategy_id"), r.getUUID("signal_event_id"),
                OrderStatus.valueOf(r.getString("status")), r.getLong("sequence"), r.getString("deal_reference"),
                r.getString("deal_id"), r.getString("reason"), r.getBigDecimal("fill_price"), r.getString("trace_id"),
                r.getString("traceparent"), instant(r, "created_at"), instant(r, "submitted_at"),
                instant(r, "updated_at"), r.getString("closes_deal_id"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
