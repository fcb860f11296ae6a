package io.tickflow.backtest;

import io.tickflow.testkit.TestPostgres;
import io.tickflow.tickstore.TickRepository;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntFunction;
import org.flywaydb.core.Flyway;

/** Test ticks in the tick store (market-data owns the schema; the backtest service only reads it). */
public final class StoredTicks {

    private StoredTicks() {
    }

    /**
     * Creates the tick store if needed and stores {@code count} BTCUSD quotes {@code step} apart from {@code t0}, the
     * i-th with mid {@code mid.apply(i)} and a spread of 20 around it. Ids are derived from {@code idPrefix} and i, so
     * storing the same ticks again changes nothing.
     */
    public static void store(TestPostgres.Database db, String idPrefix, Instant t0, Duration step, int count,
            IntFunction<BigDecimal> mid) throws Exception {
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("market_data")
                .locations(TickRepository.MIGRATIONS).load().migrate();
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO market_data.ticks (instrument, event_time, event_id, source, bid, ask, ingest_time)"
                        + " VALUES (?, ?, ?, 'test', ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < count; i++) {
                BigDecimal m = mid.apply(i);
                Timestamp t = Timestamp.from(t0.plus(step.multipliedBy(i)));
                st.setString(1, "BTCUSD");
                st.setTimestamp(2, t);
                st.setObject(3, UUID.nameUUIDFromBytes((idPrefix + i).getBytes()));
                st.setBigDecimal(4, m.subtract(BigDecimal.TEN));
                st.setBigDecimal(5, m.add(BigDecimal.TEN));
                st.setTimestamp(6, t);
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
