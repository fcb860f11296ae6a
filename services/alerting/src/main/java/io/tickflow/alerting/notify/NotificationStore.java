package io.tickflow.alerting.notify;

import io.smallrye.mutiny.Uni;
import io.tickflow.events.Severity;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * {@code alerting.notifications}, the notification outbox. Queueing happens on the caller's transaction (the one that
 * opens or resolves the alert); claiming and recording outcomes are the dispatcher's, each in its own short
 * transaction, so no connection is held while a notifier waits on the network.
 */
@ApplicationScoped
public class NotificationStore {

    /** A notification row for the REST API. */
    public record NotificationRow(long id, UUID alertId, String channel, String kind, String status, int attempts,
            String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {
    }

    private static final String MS = "::float8 * interval '1 millisecond'";

    private final Pool pool;
    private final Notifiers notifiers;
    private final NotifyConfig config;

    @Inject
    public NotificationStore(Pool pool, Notifiers notifiers, NotifyConfig config) {
        this.pool = pool;
        this.notifiers = notifiers;
        this.config = config;
    }

    /**
     * On the transaction that just opened alert {@code alertId}: queues its FIRING notices for the channels of its
     * severity, unless a FIRING notice for the same fingerprint was queued within the throttling window; then the
     * alert is held until the window ends ({@link #releaseHeld()}). Returns the notices queued.
     */
    public Uni<Integer> queueFiring(SqlClient tx, UUID alertId, String fingerprint, Severity severity) {
        List<String> channels = notifiers.settings().route(severity);
        if (channels.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return tx.preparedQuery("UPDATE alerting.alerts a SET"
                        + " notified_at = CASE WHEN h.until IS NULL OR h.until <= now() THEN now() END,"
                        + " notify_after = CASE WHEN h.until > now() THEN h.until END"
                        + " FROM (SELECT max(notified_at) + $3" + MS + " AS until FROM alerting.alerts"
                        + "       WHERE fingerprint = $2 AND notified_at IS NOT NULL AND alert_id <> $1) h"
                        + " WHERE a.alert_id = $1 RETURNING a.notified_at IS NOT NULL AS notify")
                .execute(Tuple.of(alertId, fingerprint, (double) config.throttleWindow().toMillis()))
                .chain(rs -> {
                    if (!rs.iterator().next().getBoolean("notify")) {
                        return Uni.createFrom().item(0);
                    }
                    return tx.preparedQuery("INSERT INTO alerting.notifications (alert_id, channel, kind)"
                                    + " SELECT $1, c, 'FIRING' FROM unnest($2::text[]) AS c"
                                    + " ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(alertId, channels.toArray(String[]::new)))
                            .map(r -> r.rowCount());
                });
    }

    /**
     * On the transaction that just resolved {@code alertIds}: a RESOLVED notice to every channel that was sent (or
     * is still to send) the FIRING or ESCALATION notice of each; alerts that were never notified get none.
     */
    public Uni<Integer> queueResolved(SqlClient tx, List<UUID> alertIds) {
        if (alertIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return tx.preparedQuery("INSERT INTO alerting.notifications (alert_id, channel, kind)"
                        + " SELECT DISTINCT alert_id, channel, 'RESOLVED' FROM alerting.notifications"
                        + " WHERE alert_id = ANY($1) AND kind IN ('FIRING', 'ESCALATION') ORDER BY 1, 2"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(alertIds.toArray(UUID[]::new)))
                .map(r -> r.rowCount());
    }

    /** Queues the FIRING notices of alerts held back by throttling whose window is over and that are still open. */
    public Uni<Integer> releaseHeld() {
        List<String> severities = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        for (Severity s : Severity.values()) {
            for (String c : notifiers.settings().route(s)) {
                severities.add(s.name());
                channels.add(c);
            }
        }
        return pool.withTransaction(tx -> tx.preparedQuery("WITH due AS ("
                        + " UPDATE alerting.alerts SET notified_at = now(), notify_after = NULL"
                        + " WHERE notify_after <= now() AND status = 'OPEN' RETURNING alert_id, severity)"
                        + " INSERT INTO alerting.notifications (alert_id, channel, kind)"
                        + " SELECT due.alert_id, r.channel, 'FIRING' FROM due"
                        + " JOIN unnest($1::text[], $2::text[]) AS r(severity, channel) ON r.severity = due.severity"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(severities.toArray(String[]::new), channels.toArray(String[]::new)))
                .map(r -> r.rowCount()));
    }

    /**
     * Escalates, once, every CRITICAL alert still OPEN (neither acknowledged nor resolved) {@code ackTimeout} after it
     * opened: one ESCALATION notice per escalation channel. Safe with several instances: the UPDATE claims each alert
     * exactly once.
     */
    public Uni<Integer> escalate() {
        List<String> channels = notifiers.settings().escalationChannels();
        if (channels.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(tx -> tx.preparedQuery("WITH due AS ("
                        + " UPDATE alerting.alerts SET escalated_at = now()"
                        + " WHERE status = 'OPEN' AND severity = 'CRITICAL' AND escalated_at IS NULL"
                        + " AND opened_at <= now() - $1" + MS + " RETURNING alert_id)"
                        + " INSERT INTO alerting.notifications (alert_id, channel, kind)"
                        + " SELECT due.alert_id, c, 'ESCALATION' FROM due CROSS JOIN unnest($2::text[]) AS c"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of((double) config.escalation().ackTimeout().toMillis(),
                        channels.toArray(String[]::new)))
                .map(r -> r.rowCount()));
    }

    /**
     * Claims up to {@code limit} due notices of {@code channel} for this instance (a lease), counting an attempt for
     * each. A notice waits while an older notice of the same alert and channel is pending, so a RESOLVED notice never
     * overtakes its FIRING notice.
     */
    public Uni<List<Notice>> claim(String channel, int limit) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE alerting.notifications n"
                        + " SET attempts = n.attempts + 1, lease_until = now() + $3" + MS
                        + " FROM alerting.alerts a WHERE a.alert_id = n.alert_id AND n.id IN ("
                        + "  SELECT p.id FROM alerting.notifications p"
                        + "  WHERE p.channel = $1 AND p.status = 'PENDING' AND p.next_attempt_at <= now()"
                        + "  AND (p.lease_until IS NULL OR p.lease_until < now())"
                        + "  AND NOT EXISTS (SELECT 1 FROM alerting.notifications e WHERE e.alert_id = p.alert_id"
                        + "   AND e.channel = p.channel AND e.id < p.id AND e.status = 'PENDING')"
                        + "  ORDER BY p.id LIMIT $2 FOR UPDATE OF p SKIP LOCKED)"
                        + " RETURNING n.id, n.channel, n.kind, n.attempts, a.alert_id, a.fingerprint, a.rule_id,"
                        + " a.severity, a.summary, a.labels, a.trace_id, a.runbook_url, a.status, a.occurrences,"
                        + " a.first_seen, a.last_seen, a.resolved_at, a.acknowledged_by")
                .execute(Tuple.of(channel, limit, (double) config.dispatch().lease().toMillis()))
                .map(rs -> StreamSupport.stream(rs.spliterator(), false).map(this::notice)
                        .sorted(Comparator.comparingLong(Notice::id)).toList()));
    }

    public Uni<Void> delivered(long id) {
        return pool.preparedQuery("UPDATE alerting.notifications SET status = 'DELIVERED', delivered_at = now(),"
                        + " lease_until = NULL, last_error = NULL WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Back to pending, due again after {@code delay}. */
    public Uni<Void> retryLater(long id, String error, Duration delay) {
        return pool.preparedQuery("UPDATE alerting.notifications SET next_attempt_at = now() + $3" + MS + ","
                        + " lease_until = NULL, last_error = $2 WHERE id = $1")
                .execute(Tuple.of(id, error, (double) delay.toMillis())).replaceWithVoid();
    }

    public Uni<Void> failed(long id, String error) {
        return pool.preparedQuery("UPDATE alerting.notifications SET status = 'FAILED', lease_until = NULL,"
                        + " last_error = $2 WHERE id = $1")
                .execute(Tuple.of(id, error)).replaceWithVoid();
    }

    /** Gives claimed notices back untried (the circuit opened mid-batch): their attempt does not count. */
    public Uni<Void> unclaim(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE alerting.notifications SET attempts = attempts - 1, lease_until = NULL"
                        + " WHERE id = ANY($1) AND status = 'PENDING'")
                .execute(Tuple.of(ids.toArray(Long[]::new))).replaceWithVoid();
    }

    /** Pending notices per channel (every instance's). */
    public Uni<Map<String, Long>> pendingByChannel() {
        return pool.query("SELECT channel, count(*) AS n FROM alerting.notifications WHERE status = 'PENDING'"
                        + " GROUP BY channel")
                .execute()
                .map(rs -> {
                    Map<String, Long> m = new HashMap<>();
                    rs.forEach(r -> m.put(r.getString("channel"), r.getLong("n")));
                    return m;
                });
    }

    public Uni<List<NotificationRow>> forAlert(UUID alertId) {
        return pool.preparedQuery("SELECT * FROM alerting.notifications WHERE alert_id = $1 ORDER BY id")
                .execute(Tuple.of(alertId))
                .map(rs -> StreamSupport.stream(rs.spliterator(), false).map(r -> new NotificationRow(
                        r.getLong("id"), r.getUUID("alert_id"), r.getString("channel"), r.getString("kind"),
                        r.getString("status"), r.getInteger("attempts"), r.getString("last_error"),
                        instant(r, "created_at"), instant(r, "next_attempt_at"), instant(r, "delivered_at")))
                        .toList());
    }

    private Notice notice(Row r) {
        String traceId = r.getString("trace_id");
        return new Notice(r.getLong("id"), r.getString("channel"), Notice.Kind.valueOf(r.getString("kind")),
                r.getInteger("attempts"), r.getUUID("alert_id"), r.getString("fingerprint"), r.getString("rule_id"),
                Severity.valueOf(r.getString("severity")), r.getString("summary"),
                ((JsonObject) r.getValue("labels")).getMap(), traceId, traceUrl(traceId),
                runbookUrl(r.getString("runbook_url")), r.getString("status"), r.getLong("occurrences"),
                instant(r, "first_seen"), instant(r, "last_seen"), instant(r, "resolved_at"),
                r.getString("acknowledged_by"), config.escalation().ackTimeout());
    }

    String traceUrl(String traceId) {
        return traceId == null ? null
                : config.traceUrlTemplate().filter(t -> !t.isBlank()).map(t -> t.replace("{traceId}", traceId))
                        .orElse(null);
    }

    /** Relative runbook links ({@code docs/runbooks.md#x}) become absolute with the configured base. */
    String runbookUrl(String runbook) {
        if (runbook == null || runbook.isBlank() || runbook.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return runbook;
        }
        return config.runbookBaseUrl().filter(b -> !b.isBlank())
                .map(b -> (b.endsWith("/") ? b : b + "/") + (runbook.startsWith("/") ? runbook.substring(1) : runbook))
                .orElse(runbook);
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
