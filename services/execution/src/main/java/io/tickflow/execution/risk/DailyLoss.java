package io.tickflow.execution.risk;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.tickflow.domain.instrument.Instrument;
import io.tickflow.domain.instrument.Instruments;
import io.tickflow.domain.position.PositionLedger;
import io.tickflow.execution.position.PositionBook;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The account's P&amp;L for the current UTC day: realised since the day opened plus unrealised at the last marks. The
 * realised figure at the day's open is stored once per day ({@code execution.daily_pnl_open}) so restarts keep it;
 * after that, each check is arithmetic in memory, not a query on the order path.
 */
// @Startup: the tickflow_pnl_today gauge is exported from start-up, not from the first order of a limited account
@Startup
@ApplicationScoped
public class DailyLoss {

    private record Opening(LocalDate day, Map<String, BigDecimal> realized) {
    }

    private final Pool pool;
    private final PositionBook positions;
    private final AtomicReference<Opening> opening = new AtomicReference<>();

    @Inject
    public DailyLoss(Pool pool, PositionBook positions, MeterRegistry registry) {
        this.pool = pool;
        this.positions = positions;
        Gauge.builder("tickflow_pnl_today", this, d -> {
                    Opening o = d.opening.get();
                    return o == null ? Double.NaN : d.pnl(o).doubleValue();
                })
                .description("Account P&L for the current UTC day (realised since the open + unrealised)")
                .register(registry);
    }

    /** Today's P&amp;L; reads or records the day's opening figures on the first call of a UTC day. */
    public Uni<BigDecimal> today(Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        Opening o = opening.get();
        if (o != null && o.day().equals(day)) {
            return Uni.createFrom().item(pnl(o));
        }
        return open(day).map(loaded -> {
            opening.set(loaded);
            return pnl(loaded);
        });
    }

    private Uni<Opening> open(LocalDate day) {
        // every instrument gets a row, 0 when it has no ledger yet, so a first fill later today counts in full
        List<Tuple> rows = new ArrayList<>();
        for (Instrument i : Instruments.all()) {
            PositionLedger l = positions.all().get(i.id());
            rows.add(Tuple.tuple(Arrays.asList(day, i.id(), l == null ? BigDecimal.ZERO : l.realizedPnl())));
        }
        return pool.preparedQuery("INSERT INTO execution.daily_pnl_open (day, instrument, realized_at_open)"
                        + " VALUES ($1,$2,$3) ON CONFLICT DO NOTHING").executeBatch(rows)
                .chain(() -> pool.preparedQuery("SELECT instrument, realized_at_open FROM execution.daily_pnl_open"
                        + " WHERE day = $1").execute(Tuple.of(day)))
                .map(rs -> {
                    Map<String, BigDecimal> realized = new HashMap<>();
                    for (Row r : rs) {
                        realized.put(r.getString("instrument"), r.getBigDecimal("realized_at_open"));
                    }
                    return new Opening(day, Map.copyOf(realized));
                });
    }

    private BigDecimal pnl(Opening o) {
        BigDecimal total = BigDecimal.ZERO;
        for (PositionLedger l : positions.all().values()) {
            total = total.add(l.realizedPnl().subtract(o.realized().getOrDefault(l.instrument(), BigDecimal.ZERO)))
                    .add(l.unrealizedPnl(positions.markOf(l.instrument())));
        }
        return total;
    }
}
