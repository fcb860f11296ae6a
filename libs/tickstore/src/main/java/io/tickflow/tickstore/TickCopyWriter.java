package io.tickflow.tickstore;

import io.tickflow.events.Tick;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Stores ticks in {@code market_data.ticks} with binary COPY, the fastest write path pgjdbc offers, one transaction
 * per batch; returns only after the commit, so a caller that acknowledges afterwards never loses a tick.
 *
 * <p>Idempotent on the primary key (instrument, event_time, event_id): a batch is first copied straight into the
 * table, which is the whole cost in the normal case. When any of its rows is stored already (a redelivery after a
 * crash between the commit and the offset commit, an overlap, a duplicate inside the batch) that COPY fails on the
 * unique index and is rolled back as a whole; the batch is then copied into a session-local staging table and moved
 * with {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}, which stores exactly the rows that are new. Both steps
 * are all-or-nothing, so no path writes a tick twice or half a batch.
 *
 * <p>Blocking (JDBC): call it from a worker thread. Thread-safe: each call takes its own pooled connection.
 */
public final class TickCopyWriter {

    /**
     * The columns COPY fills, in row order; {@code stored_time} takes its default. The tick store's consumer writes
     * the same rows straight from each record's bytes (market-data's {@code TickDecoder.copyRow}); its test holds
     * both to the same bytes.
     */
    public static final String COLUMNS =
            "instrument, event_time, event_id, source, bid, ask, last, last_size, ingest_time";
    public static final int FIELDS = 9;
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String COPY_TICKS = "COPY market_data.ticks (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    /** Per session (pooled connections keep it); emptied by every commit, so it never holds more than one batch. */
    private static final String CREATE_STAGING = "CREATE TEMP TABLE IF NOT EXISTS tick_staging (instrument text,"
            + " event_time timestamptz, event_id uuid, source text, bid numeric, ask numeric, last numeric,"
            + " last_size numeric, ingest_time timestamptz) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY tick_staging (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String MOVE_NEW = "INSERT INTO market_data.ticks (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM tick_staging ON CONFLICT DO NOTHING";

    private final DataSource dataSource;

    public TickCopyWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one {@link #write} did. */
    public record Written(int inserted, boolean hadStoredRows) {
    }

    /**
     * Stores {@code ticks} in one transaction and returns after it committed.
     *
     * @throws SQLException when the batch could not be stored; nothing of it is then stored
     */
    public Written write(List<Tick> ticks) throws SQLException {
        return write(ticks.size(), (copy, sql) -> copy(copy, sql, ticks));
    }

    /**
     * Stores rows {@code from} (inclusive) to {@code to} (exclusive) of {@code rows}, encoded by {@link #encodeRow},
     * in one transaction and returns after it committed; as {@link #write(List)}.
     *
     * @throws SQLException when the rows could not be stored; none of them is then stored
     */
    public Written write(CopyRows rows, int from, int to) throws SQLException {
        Objects.checkFromToIndex(from, to, rows.size()); // before a connection is taken; CopyRows.copy checks too
        return write(to - from, (copy, sql) -> rows.copy(copy, sql, from, to));
    }

    /** Runs one COPY of the batch's rows with the statement it is given; returns the rows copied. */
    @FunctionalInterface
    private interface Copier {
        long copy(CopyManager copy, String sql) throws SQLException;
    }

    private Written write(int count, Copier rows) throws SQLException {
        if (count == 0) {
            return new Written(0, false);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                try {
                    long copied = rows.copy(copy, COPY_TICKS);
                    c.commit();
                    return new Written((int) copied, false);
                } catch (SQLException e) {
                    c.rollback();
                    if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                }
                try (Statement st = c.createStatement()) {
                    st.execute(CREATE_STAGING);
                }
                rows.copy(copy, COPY_STAGING);
                int inserted;
                try (Statement st = c.createStatement()) {
                    inserted = st.executeUpdate(MOVE_NEW);
                }
                c.commit();
                return new Written(inserted, true);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        }
    }

    /** Binary-COPYs {@code ticks} with {@code sql} ({@value #FIELDS} columns as {@link #COLUMNS}); returns the rows. */
    public static long copy(CopyManager copy, String sql, List<Tick> ticks) throws SQLException {
        CopyIn in = copy.copyIn(sql);
        try {
            BinaryCopyEncoder encoder = new BinaryCopyEncoder(CopyRows.MESSAGE_BYTES, in::writeToCopy).header();
            for (Tick t : ticks) {
                encodeRow(encoder, t);
            }
            encoder.trailer().flush();
            return in.endCopy();
        } finally {
            CopyRows.cancelIfActive(in);
        }
    }

    /** One tick as a row of {@link #COLUMNS}. */
    public static void encodeRow(BinaryCopyEncoder encoder, Tick t) throws SQLException {
        fields(encoder.startRow(FIELDS), t);
    }

    /** One tick as a row of {@link #COLUMNS}, appended to {@code rows}. */
    public static void encodeRow(CopyRows rows, Tick t) throws SQLException {
        fields(rows.startRow(FIELDS), t);
    }

    private static void fields(BinaryCopyEncoder row, Tick t) throws SQLException {
        row.text(t.instrument())
                .timestamptz(t.eventTime())
                .uuid(t.eventId())
                .text(t.source())
                .numeric(t.bid())
                .numeric(t.ask())
                .numeric(t.last())
                .numeric(t.lastSize())
                .timestamptz(t.ingestTime());
    }

    /** Pools hand the connection on as they got it; a broken one is discarded by the pool anyway. */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken: the error that broke it is the one being reported
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
