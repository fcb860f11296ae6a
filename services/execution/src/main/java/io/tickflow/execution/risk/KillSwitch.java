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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops all new orders at once. Persisted (a restart keeps it engaged) and checked by pre-trade risk on every
 * order; it does not touch orders already at the broker.
 */
@ApplicationScoped
public class KillSwitch {

    public record State(boolean engaged, String reason, String changedBy, Instant changedAt) {
    }

    private final Pool pool;
    private final AtomicReference<State> state = new AtomicReference<>(new State(false, "not loaded", "", Instant.EPOCH));

    @Inject
    public KillSwitch(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        Gauge.builder("tickflow_kill_switch_engaged", state, s -> s.get().engaged() ? 1 : 0)
                .description("1 while the kill switch stops new orders").register(registry);
    }

    public Uni<State> load() {
        return pool.query("SELECT engaged, reason, changed_by, changed_at FROM execution.kill_switch WHERE id = 1")
                .execute().map(rs -> {
                    Row r = rs.iterator().next();
                    State s = new State(r.getBoolean("engaged"), r.getString("reason"), r.getString("changed_by"),
                            r.getOffsetDateTime("changed_at").toInstant());
                    state.set(s);
                    return s;
                });
    }

    public State current() {
        return state.get();
    }

    public Uni<State> set(boolean engaged, String reason, String by) {
        State next = new State(engaged, reason, by, Instant.now());
        return pool.preparedQuery("UPDATE execution.kill_switch SET engaged=$1, reason=$2, changed_by=$3,"
                        + " changed_at=$4 WHERE id = 1")
                .execute(Tuple.of(engaged, reason, by, next.changedAt().atOffset(ZoneOffset.UTC)))
                .invoke(() -> state.set(next)).replaceWith(next);
    }
}
