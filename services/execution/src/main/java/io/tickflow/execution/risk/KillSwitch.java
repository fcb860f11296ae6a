package io.tickflow.execution.risk;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Stops all new orders at once. Persisted (a restart keeps it engaged) and checked by pre-trade risk on every
 * order. Engaged with {@code flatten}, it also has every open broker position closed ({@code PositionFlattener},
 * run by the instance holding the trading lease); orders already at the broker are still settled normally.
 */
@ApplicationScoped
public class KillSwitch {

    public record State(boolean engaged, boolean flatten, String reason, String changedBy, Instant changedAt) {
    }

    private static final Logger LOG = Logger.getLogger(KillSwitch.class);

    private final Pool pool;
    private final AtomicReference<State> state = new AtomicReference<>(new State(false, false, "not loaded", "", Instant.EPOCH));

    @Inject
    public KillSwitch(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("tickflow_kill_switch_engaged", state, s -> s.get().engaged() ? 1 : 0)
                .description("1 while the kill switch stops new orders").register(registry);
    }

    public Uni<State> load() {
        return pool.query("SELECT engaged, flatten, reason, changed_by, changed_at FROM execution.kill_switch"
                        + " WHERE id = 1")
                .execute().map(rs -> {
                    Row r = rs.iterator().next();
                    State s = new State(r.getBoolean("engaged"), r.getBoolean("flatten"), r.getString("reason"), r.getString("changed_by"),
                            r.getOffsetDateTime("changed_at").toInstant());
                    state.set(s);
                    return s;
                });
    }

    public State current() {
        return state.get();
    }

    /**
     * Changes the switch and records who and why, in one transaction. {@code commandId} (the control event's id, or
     * null for REST) makes a redelivered command a no-op. {@code flatten} only counts when engaging.
     */
    public Uni<State> set(boolean engaged, boolean flatten, String reason, String by, String source, UUID commandId) {
        State next = new State(engaged, engaged && flatten, reason, by, Instant.now());
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO execution.kill_switch_changes (engaged,"
                                + " reason, changed_by, source, command_id, changed_at, flatten)"
                                + " VALUES ($1,$2,$3,$4,$5,$6,$7)"
                                + " ON CONFLICT (command_id) DO NOTHING")
                        .execute(Tuple.tuple(java.util.Arrays.asList(engaged, reason, by, source, commandId,
                                next.changedAt().atOffset(ZoneOffset.UTC), next.flatten())))
                        .chain(rs -> rs.rowCount() == 0 ? Uni.createFrom().item(false)
                                : tx.preparedQuery("UPDATE execution.kill_switch SET engaged=$1, reason=$2,"
                                                + " changed_by=$3, changed_at=$4, flatten=$5 WHERE id = 1")
                                        .execute(Tuple.of(engaged, reason, by,
                                                next.changedAt().atOffset(ZoneOffset.UTC), next.flatten()))
                                        .replaceWith(true)))
                .chain(changed -> {
                    if (changed) {
                        LOG.warnf("kill switch %s by %s (%s): %s", engaged ? (next.flatten() ? "ENGAGED (flatten)"
                                : "ENGAGED") : "released", by, source, reason);
                        state.set(next);
                        return Uni.createFrom().item(next);
                    }
                    return load();
                });
    }

    /** Re-reads the switch, so a change made through another instance is seen within a second. */
    void refresh(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(1000, id -> load().subscribe().with(s -> { }, e -> LOG.debugf("kill switch refresh: %s", e)));
    }
}
