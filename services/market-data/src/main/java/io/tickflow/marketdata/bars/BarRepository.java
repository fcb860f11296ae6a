package io.tickflow.marketdata.bars;

import io.tickflow.events.Bar;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;

/** Stores closed bars in {@code market_data.bars}; a bar stored already (same instrument, resolution, open) is skipped. */
final class BarRepository {

    private static final String INSERT = "INSERT INTO market_data.bars (instrument, resolution, open_time, close_time,"
            + " event_id, source, open, high, low, close, bid_open, bid_high, bid_low, bid_close, ask_open, ask_high,"
            + " ask_low, ask_close, tick_count, ingest_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?) ON CONFLICT DO NOTHING";

    private final DataSource dataSource;

    BarRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores {@code bars} in one transaction; returns how many were new. */
    int insert(List<BarAggregator.ClosedBar> bars) throws SQLException {
        if (bars.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            try {
                for (BarAggregator.ClosedBar closed : bars) {
                    Bar b = closed.bar();
                    st.setString(1, b.instrument());
                    st.setString(2, b.resolution().name());
                    st.setTimestamp(3, Timestamp.from(b.openTime()));
                    st.setTimestamp(4, Timestamp.from(b.eventTime()));
                    st.setObject(5, b.eventId());
                    st.setString(6, b.source());
                    st.setBigDecimal(7, b.open());
                    st.setBigDecimal(8, b.high());
                    st.setBigDecimal(9, b.low());
                    st.setBigDecimal(10, b.close());
                    st.setBigDecimal(11, closed.bid().open());
                    st.setBigDecimal(12, closed.bid().high());
                    st.setBigDecimal(13, closed.bid().low());
                    st.setBigDecimal(14, closed.bid().close());
                    st.setBigDecimal(15, closed.ask().open());
                    st.setBigDecimal(16, closed.ask().high());
                    st.setBigDecimal(17, closed.ask().low());
                    st.setBigDecimal(18, closed.ask().close());
                    st.setLong(19, b.tickCount());
                    st.setTimestamp(20, Timestamp.from(b.ingestTime()));
                    st.addBatch();
                }
                int inserted = 0;
                for (int n : st.executeBatch()) {
                    inserted += Math.max(n, 0);
                }
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
