package io.tickflow.alerting;

import io.smallrye.mutiny.Uni;
import io.tickflow.alerting.notify.NotificationDispatcher;
import io.tickflow.alerting.notify.NotificationStore;
import io.tickflow.events.Alert;
import io.tickflow.events.Topic;
import io.tickflow.messaging.Outbox;
import io.tickflow.messaging.OutboxMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * Alert history with de-duplication on fingerprint; new alerts are published through the outbox, and their
 * notifications (FIRING when opened, RESOLVED when resolved) are queued in {@code alerting.notifications} on the same
 * transaction.
 */
@ApplicationScoped
public class AlertRepository {

    public static final String SCHEMA = "alerting";

    public record StoredAlert(UUID alertId, String fingerprint, String ruleId, String severity, String summary,
            Map<String, Object> labels, String traceId, String runbookUrl, String status, long occurrences,
            Instant firstSeen, Instant lastSeen) {
    }

    private final Pool pool;
    private final NotificationStore notifications;
    private final NotificationDispatcher dispatcher;

    @Inject
    public AlertRepository(Pool pool, NotificationStore notifications, NotificationDispatcher dispatcher) {
        this.pool = pool;
        this.notifications = notifications;
        this.dispatcher = dispatcher;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Records an occurrence. Returns true when it opened a new alert (and queued its notification), false when an
     * open alert with the same fingerprint absorbed it.
     */
    public Uni<Boolean> record(Alert alert) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO alerting.alerts (alert_id, fingerprint,"
                        + " rule_id, severity, summary, labels, trace_id, runbook_url, first_seen, last_seen)"
                        + " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9)"
                        + " ON CONFLICT (fingerprint) WHERE status <> 'RESOLVED' DO UPDATE SET"
                        + " occurrences = alerting.alerts.occurrences + 1, last_seen = EXCLUDED.last_seen"
                        + " RETURNING (xmax = 0) AS inserted")
                .execute(Tuple.tuple(Arrays.asList(alert.eventId(), alert.fingerprint(), alert.ruleId(),
                        alert.severity().name(), alert.summary(), new JsonObject(Map.copyOf(alert.labels())),
                        alert.traceId(), alert.runbookUrl(), alert.eventTime().atOffset(ZoneOffset.UTC))))
                .chain(rs -> {
                    boolean inserted = rs.iterator().next().getBoolean("inserted");
                    if (!inserted) {
                        return Uni.createFrom().item(false);
                    }
                    return Outbox.append(tx, SCHEMA, List.of(OutboxMessage.of(Topic.ALERTS, alert)))
                            .chain(() -> notifications.queueFiring(tx, alert.eventId(), alert.fingerprint(),
                                    alert.severity()))
                            .replaceWith(true);
                }))
                .invoke(opened -> {
                    if (opened) {
                        dispatcher.wakeUp();
                    }
                });
    }

    public Uni<List<StoredAlert>> list(String status, int limit) {
        String where = status == null ? "" : "WHERE status = $2 ";
        Tuple args = status == null ? Tuple.of(limit) : Tuple.of(limit, status);
        return pool.preparedQuery("SELECT * FROM alerting.alerts " + where + "ORDER BY last_seen DESC LIMIT $1")
                .execute(args)
                .map(rs -> StreamSupport.stream(rs.spliterator(), false).map(AlertRepository::toAlert).toList());
    }

    /**
     * Moves an alert to ACKNOWLEDGED or RESOLVED; false when no such alert is in a state that allows it. Resolving
     * queues the RESOLVED notices in the same transaction. Either ends a throttling hold: a human has seen it.
     */
    public Uni<Boolean> changeStatus(UUID alertId, String status, String by) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE alerting.alerts SET status = $2,"
                        + " acknowledged_by = COALESCE($3, acknowledged_by),"
                        + " resolved_at = CASE WHEN $2 = 'RESOLVED' THEN now() END, notify_after = NULL"
                        + " WHERE alert_id = $1 AND status <> 'RESOLVED' RETURNING alert_id")
                        .execute(Tuple.of(alertId, status, by))
                        .chain(rs -> resolved(tx, "RESOLVED".equals(status) ? ids(rs) : List.of())
                                .replaceWith(rs.rowCount() == 1)))
                .invoke(this::wakeIf);
    }

    /** Resolves the open alert of {@code fingerprint}, if any (a resolved notice from Alertmanager). */
    public Uni<Boolean> resolveByFingerprint(String fingerprint) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE alerting.alerts SET status = 'RESOLVED',"
                        + " resolved_at = now(), notify_after = NULL WHERE fingerprint = $1 AND status <> 'RESOLVED'"
                        + " RETURNING alert_id")
                        .execute(Tuple.of(fingerprint))
                        .chain(rs -> resolved(tx, ids(rs)).replaceWith(rs.rowCount() == 1)))
                .invoke(this::wakeIf);
    }

    private Uni<Integer> resolved(SqlClient tx, List<UUID> alertIds) {
        return notifications.queueResolved(tx, alertIds);
    }

    private void wakeIf(boolean changed) {
        if (changed) {
            dispatcher.wakeUp();
        }
    }

    private static List<UUID> ids(RowSet<Row> rs) {
        return StreamSupport.stream(rs.spliterator(), false).map(r -> r.getUUID("alert_id")).toList();
    }

    private static StoredAlert toAlert(Row r) {
        return new StoredAlert(r.getUUID("alert_id"), r.getString("fingerprint"), r.getString("rule_id"),
                r.getString("severity"), r.getString("summary"), ((JsonObject) r.getValue("labels")).getMap(),
                r.getString("trace_id"), r.getString("runbook_url"), r.getString("status"), r.getLong("occurrences"),
                r.getOffsetDateTime("first_seen").toInstant(), r.getOffsetDateTime("last_seen").toInstant());
    }
}
