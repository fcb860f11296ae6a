package io.tickflow.marketdata.storage;

import io.tickflow.events.Tick;
import io.tickflow.tickstore.TickCopyWriter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/** A tick as one row of a plain {@code INSERT} into a tick table, for tests that write rows without the writer. */
final class TickRows {

    private TickRows() {
    }

    /** {@code INSERT INTO table (TickCopyWriter.COLUMNS) VALUES (...)}, then {@code suffix} (e.g. ON CONFLICT). */
    static String insert(String table, String suffix) {
        return "INSERT INTO " + table + " (" + TickCopyWriter.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" + suffix;
    }

    /** Binds {@code t} to the parameters of {@link #insert}. */
    static void bind(PreparedStatement st, Tick t) throws SQLException {
        st.setString(1, t.instrument());
        st.setTimestamp(2, Timestamp.from(t.eventTime()));
        st.setObject(3, t.eventId());
        st.setString(4, t.source());
        st.setBigDecimal(5, t.bid());
        st.setBigDecimal(6, t.ask());
        st.setBigDecimal(7, t.last());
        st.setBigDecimal(8, t.lastSize());
        st.setTimestamp(9, Timestamp.from(t.ingestTime()));
    }
}
