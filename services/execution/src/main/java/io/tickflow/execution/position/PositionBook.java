package io.tickflow.execution.position;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tickflow.domain.position.PositionLedger;
import io.tickflow.events.PositionSnapshot;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Net positions per instrument, in memory for pre-trade risk and persisted in {@code execution.positions} in the
 * same transaction as the fill that changed them. A fill is applied to a copy first; the copy replaces the live
 * ledger only after the transaction committed, so memory never runs ahead of the database.
 */
@ApplicationScoped
public class PositionBook {

    private final Pool pool;
    private final MeterRegistry registry;
    private final Map<String, PositionLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<String, BigDecimal> marks = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    @Inject
    public PositionBook(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    public Uni<Void> load() {
        return pool.query("SELECT instrument, net_size, average_price, realized_pnl FROM execution.positions")
                .execute().invoke(rows -> {
                    for (Row r : rows) {
                        put(new PositionLedger(r.getString("instrument"), r.getBigDecimal("net_size"),
                                r.getBigDecimal("average_price"), r.getBigDecimal("realized_pnl")));
                    }
                }).replaceWithVoid();
    }

    public BigDecimal netSize(String instrument) {
        PositionLedger l = ledgers.get(instrument);
        return l == null ? BigDecimal.ZERO : l.netSize();
    }

    /** Records the latest mid price seen for {@code instrument}, for unrealised P&amp;L. */
    public void mark(String instrument, BigDecimal price) {
        marks.put(instrument, price);
    }

    /** A copy of the ledger to apply a fill to before it is committed. */
    public PositionLedger copyOf(String instrument) {
        PositionLedger l = ledgers.get(instrument);
        return l == null ? new PositionLedger(instrument)
                : new PositionLedger(instrument, l.netSize(), l.averagePrice(), l.realizedPnl());
    }

    public Uni<Void> save(SqlClient tx, PositionLedger ledger, Instant at) {
        return tx.preparedQuery("INSERT INTO execution.positions (instrument, net_size, average_price, realized_pnl,"
                        + " updated_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (instrument) DO UPDATE SET"
                        + " net_size = $2, average_price = $3, realized_pnl = $4, updated_at = $5")
                .execute(Tuple.of(ledger.instrument(), ledger.netSize(), ledger.averagePrice(), ledger.realizedPnl(),
                        at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Makes a committed ledger the live one. */
    public void commit(PositionLedger ledger) {
        put(ledger);
        versions.computeIfAbsent(ledger.instrument(), k -> new AtomicLong())
                .incrementAndGet();
    }

    /** Counts committed changes of an instrument's ledger, so a reader can tell whether it moved in between. */
    public long version(String instrument) {
        AtomicLong v = versions.get(instrument);
        return v == null ? 0 : v.get();
    }

    public PositionSnapshot snapshot(PositionLedger l, Instant eventTime, String currency) {
        BigDecimal mark = marks.get(l.instrument());
        return new PositionSnapshot(PositionSnapshot.SCHEMA_VERSION, UUID.randomUUID(), eventTime, Instant.now(),
                l.instrument(), l.netSize(), l.averagePrice(), l.realizedPnl(), l.unrealizedPnl(mark), mark, currency);
    }

    public Map<String, PositionLedger> all() {
        return Map.copyOf(ledgers);
    }

    public BigDecimal markOf(String instrument) {
        return marks.get(instrument);
    }

    private void put(PositionLedger ledger) {
        String id = ledger.instrument();
        if (ledgers.put(id, ledger) == null) {
            Gauge.builder("tickflow_position_net_size", ledgers, m -> m.get(id).netSize().doubleValue())
                    .tag("instrument", id).description("Net position (signed)").register(registry);
            Gauge.builder("tickflow_pnl_realized", ledgers, m -> m.get(id).realizedPnl().doubleValue())
                    .tag("instrument", id).description("Realised P&L in the instrument's currency")
                    .register(registry);
            Gauge.builder("tickflow_pnl_unrealized", ledgers,
                            m -> m.get(id).unrealizedPnl(marks.get(id)).doubleValue())
                    .tag("instrument", id).description("Unrealised P&L at the last mark").register(registry);
        }
    }
}
