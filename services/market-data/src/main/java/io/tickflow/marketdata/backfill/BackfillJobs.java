package io.tickflow.marketdata.backfill;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@code market_data.backfill_jobs} and the bars the jobs write. A page's bars and the job's cursor are committed in
 * one transaction, after a check that the job is still this runner's and still running: a cancelled or taken-over job
 * stores nothing more, and after any interruption the cursor names exactly the first page not stored.
 */
@ApplicationScoped
public class BackfillJobs {

    private static final String COLUMNS = "id, kind, instrument, resolution, from_time, to_time, state, pages_done,"
            + " pages_total, rows_received, rows_written, source, last_error, attempts, not_before, created_at,"
            + " updated_at, finished_at";
    private static final String UNFINISHED = "state <> 'SUCCEEDED'";

    private static final String INSERT_BAR = "INSERT INTO market_data.bars (instrument, resolution, open_time,"
            + " close_time, event_id, source, open, high, low, close, bid_open, bid_high, bid_low, bid_close, ask_open,"
            + " ask_high, ask_low, ask_close, tick_count, ingest_time, backfilled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true) ON CONFLICT (instrument, resolution, open_time) ";
    /** A bar already stored is kept: the aggregator's (complete in normal times) or an earlier backfill's. */
    private static final String KEEP = "DO NOTHING";
    /**
     * Gap repairs only: a bar the aggregator built across the gap's edge lacks the gap's ticks, so the source's
     * complete bar replaces it, once (a backfilled bar is never replaced).
     */
    private static final String REPLACE_LIVE = "DO UPDATE SET close_time = EXCLUDED.close_time,"
            + " event_id = EXCLUDED.event_id, source = EXCLUDED.source, open = EXCLUDED.open, high = EXCLUDED.high,"
            + " low = EXCLUDED.low, close = EXCLUDED.close, bid_open = EXCLUDED.bid_open,"
            + " bid_high = EXCLUDED.bid_high, bid_low = EXCLUDED.bid_low, bid_close = EXCLUDED.bid_close,"
            + " ask_open = EXCLUDED.ask_open, ask_high = EXCLUDED.ask_high, ask_low = EXCLUDED.ask_low,"
            + " ask_close = EXCLUDED.ask_close, tick_count = EXCLUDED.tick_count,"
            + " ingest_time = EXCLUDED.ingest_time, stored_time = now(), backfilled = true"
            + " WHERE market_data.bars.backfilled = false";

    private final DataSource dataSource;

    @Inject
    public BackfillJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What {@link #createOrResume} did. */
    public record Submitted(BackfillJob job, boolean created, boolean resumed) {
    }

    /**
     * A new job for the range, or the range's unfinished job: a FAILED or CANCELLED one is made runnable again from its
     * cursor, a PENDING or RUNNING one is returned as it is.
     */
    public Submitted createOrResume(BackfillKind kind, String instrument, BarResolution resolution, Instant from,
            Instant to, Instant notBefore) throws SQLException {
        BackfillPlan plan = new BackfillPlan(from, to, resolution);
        try (Connection c = dataSource.getConnection()) {
            UUID id = UUID.randomUUID();
            try (PreparedStatement st = c.prepareStatement("INSERT INTO market_data.backfill_jobs (id, kind,"
                    + " instrument, resolution, from_time, to_time, state, pages_total, not_before) VALUES (?, ?, ?, ?,"
                    + " ?, ?, 'PENDING', ?, ?) ON CONFLICT (instrument, resolution, from_time, to_time) WHERE "
                    + UNFINISHED + " DO NOTHING")) {
                st.setObject(1, id);
                st.setString(2, kind.name());
                st.setString(3, instrument);
                st.setString(4, resolution.name());
                st.setTimestamp(5, Timestamp.from(from));
                st.setTimestamp(6, Timestamp.from(to));
                st.setInt(7, plan.pages());
                st.setTimestamp(8, Timestamp.from(notBefore));
                if (st.executeUpdate() == 1) {
                    return new Submitted(find(c, id).orElseThrow(), true, false);
                }
            }
            BackfillJob existing = query(c, "SELECT " + COLUMNS + " FROM market_data.backfill_jobs WHERE instrument = ?"
                    + " AND resolution = ? AND from_time = ? AND to_time = ? AND " + UNFINISHED, st -> {
                        st.setString(1, instrument);
                        st.setString(2, resolution.name());
                        st.setTimestamp(3, Timestamp.from(from));
                        st.setTimestamp(4, Timestamp.from(to));
                    }).stream().findFirst().orElseThrow(() -> new SQLException("job of the range vanished; retry"));
            if (existing.state().resumable()) {
                return new Submitted(resume(existing.id()).orElse(existing), false, true);
            }
            return new Submitted(existing, false, false);
        }
    }

    public Optional<BackfillJob> find(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    public List<BackfillJob> recent(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return query(c, "SELECT " + COLUMNS + " FROM market_data.backfill_jobs ORDER BY created_at DESC LIMIT ?",
                    st -> st.setInt(1, limit));
        }
    }

    /** Unfinished repairs (GAP, RESTART) of an instrument that reach at least {@code to}. */
    public boolean hasOpenRepairReaching(String instrument, BarResolution resolution, Instant to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return !query(c, "SELECT " + COLUMNS + " FROM market_data.backfill_jobs WHERE instrument = ? AND"
                    + " resolution = ? AND kind <> 'MANUAL' AND " + UNFINISHED + " AND to_time >= ?", st -> {
                        st.setString(1, instrument);
                        st.setString(2, resolution.name());
                        st.setTimestamp(3, Timestamp.from(to));
                    }).isEmpty();
        }
    }

    /** Takes the next runnable job: pending and due, or running under a claim that expired (its runner died). */
    public Optional<BackfillJob> claim(String owner, Duration lease) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return query(c, "UPDATE market_data.backfill_jobs SET state = 'RUNNING', owner = ?, lease_until = now() + ?"
                    + " * interval '1 millisecond', attempts = attempts + 1, updated_at = now() WHERE id = (SELECT id"
                    + " FROM market_data.backfill_jobs WHERE (state = 'PENDING' AND not_before <= now()) OR (state ="
                    + " 'RUNNING' AND lease_until < now()) ORDER BY not_before, created_at LIMIT 1 FOR UPDATE SKIP"
                    + " LOCKED) RETURNING " + COLUMNS, st -> {
                        st.setString(1, owner);
                        st.setLong(2, lease.toMillis());
                    }).stream().findFirst();
        }
    }

    /**
     * Stores page {@code page} of a job this runner holds: its bars, and the cursor past it, in one transaction.
     * Returns how many bars were new, or empty when the job is no longer this runner's to advance (cancelled, taken
     * over): then nothing is stored.
     */
    public Optional<Integer> storePage(UUID id, String owner, int page, List<Bar> bars, boolean replaceLive,
            String source, Duration lease) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // locks the job row first, so a concurrent cancel either lands before (and this stores nothing) or
                // waits for this page
                try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM market_data.backfill_jobs WHERE id = ?"
                        + " AND owner = ? AND state = 'RUNNING' AND pages_done = ? FOR UPDATE")) {
                    st.setObject(1, id);
                    st.setString(2, owner);
                    st.setInt(3, page);
                    try (ResultSet rs = st.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                    }
                }
                int written = insertBars(c, bars, replaceLive);
                try (PreparedStatement st = c.prepareStatement("UPDATE market_data.backfill_jobs SET pages_done ="
                        + " pages_done + 1, rows_received = rows_received + ?, rows_written = rows_written + ?,"
                        + " source = coalesce(?, source), lease_until = now() + ? * interval '1 millisecond',"
                        + " updated_at = now() WHERE id = ?")) {
                    st.setLong(1, bars.size());
                    st.setLong(2, written);
                    st.setString(3, source);
                    st.setLong(4, lease.toMillis());
                    st.setObject(5, id);
                    st.executeUpdate();
                }
                c.commit();
                return Optional.of(written);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static int insertBars(Connection c, List<Bar> bars, boolean replaceLive) throws SQLException {
        if (bars.isEmpty()) {
            return 0;
        }
        try (PreparedStatement st = c.prepareStatement(INSERT_BAR + (replaceLive ? REPLACE_LIVE : KEEP))) {
            for (Bar b : bars) {
                st.setString(1, b.instrument());
                st.setString(2, b.resolution().name());
                st.setTimestamp(3, Timestamp.from(b.openTime()));
                st.setTimestamp(4, Timestamp.from(b.openTime().plus(b.resolution().length())));
                st.setObject(5, b.eventId());
                st.setString(6, b.source());
                st.setBigDecimal(7, b.open());
                st.setBigDecimal(8, b.high());
                st.setBigDecimal(9, b.low());
                st.setBigDecimal(10, b.close());
                st.setBigDecimal(11, b.bidOpen());
                st.setBigDecimal(12, b.bidHigh());
                st.setBigDecimal(13, b.bidLow());
                st.setBigDecimal(14, b.bidClose());
                st.setBigDecimal(15, b.askOpen());
                st.setBigDecimal(16, b.askHigh());
                st.setBigDecimal(17, b.askLow());
                st.setBigDecimal(18, b.askClose());
                st.setLong(19, b.tickCount());
                st.setTimestamp(20, Timestamp.from(b.ingestTime()));
                st.addBatch();
            }
            int written = 0;
            for (int n : st.executeBatch()) {
                written += Math.max(n, 0);
            }
            return written;
        }
    }

    /** The job is done (SUCCEEDED) or given up (FAILED, with the reason); only by the runner holding it. */
    public boolean finish(UUID id, String owner, BackfillState state, String error) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE market_data.backfill_jobs SET state = ?, last_error = ?, owner = NULL, lease_until = NULL,"
                        + " finished_at = now(), updated_at = now() WHERE id = ? AND owner = ? AND state = 'RUNNING'")) {
            st.setString(1, state.name());
            st.setString(2, error);
            st.setObject(3, id);
            st.setString(4, owner);
            return st.executeUpdate() == 1;
        }
    }

    /** Back to PENDING, due at {@code notBefore}, keeping the cursor (a failed page, or a runner shutting down). */
    public boolean retryLater(UUID id, String owner, String error, Instant notBefore) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE market_data.backfill_jobs SET state = 'PENDING', last_error = ?, owner = NULL,"
                        + " lease_until = NULL, not_before = ?, updated_at = now() WHERE id = ? AND owner = ?"
                        + " AND state = 'RUNNING'")) {
            st.setString(1, error);
            st.setTimestamp(2, Timestamp.from(notBefore));
            st.setObject(3, id);
            st.setString(4, owner);
            return st.executeUpdate() == 1;
        }
    }

    /** Stops a job that is not finished; it keeps its cursor and can be resumed. Empty when there is no such job. */
    public Optional<BackfillJob> cancel(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return query(c, "UPDATE market_data.backfill_jobs SET state = 'CANCELLED', owner = NULL, lease_until ="
                    + " NULL, finished_at = now(), updated_at = now() WHERE id = ? AND state IN ('PENDING', 'RUNNING',"
                    + " 'FAILED') RETURNING " + COLUMNS, st -> st.setObject(1, id)).stream().findFirst();
        }
    }

    /** Makes a FAILED or CANCELLED job runnable again from its cursor. Empty when it is not resumable. */
    public Optional<BackfillJob> resume(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return query(c, "UPDATE market_data.backfill_jobs SET state = 'PENDING', last_error = NULL, attempts = 0,"
                    + " finished_at = NULL, not_before = now(), updated_at = now() WHERE id = ? AND state IN"
                    + " ('FAILED', 'CANCELLED') RETURNING " + COLUMNS, st -> st.setObject(1, id)).stream().findFirst();
        }
    }

    /** The newest stored data of an instrument: its last tick or the close of its last bar, null when none. */
    public Instant lastStored(String instrument) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT greatest((SELECT max(event_time) FROM market_data.ticks WHERE instrument = ?),"
                        + " (SELECT max(close_time) FROM market_data.bars WHERE instrument = ?))")) {
            st.setString(1, instrument);
            st.setString(2, instrument);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement st) throws SQLException;
    }

    private static Optional<BackfillJob> find(Connection c, UUID id) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM market_data.backfill_jobs WHERE id = ?", st -> st.setObject(1, id))
                .stream().findFirst();
    }

    private static List<BackfillJob> query(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st);
            List<BackfillJob> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new BackfillJob(rs.getObject("id", UUID.class), BackfillKind.valueOf(rs.getString("kind")),
                            rs.getString("instrument"), BarResolution.valueOf(rs.getString("resolution")),
                            instant(rs, "from_time"), instant(rs, "to_time"),
                            BackfillState.valueOf(rs.getString("state")), rs.getInt("pages_done"),
                            rs.getInt("pages_total"), rs.getLong("rows_received"), rs.getLong("rows_written"),
                            rs.getString("source"), rs.getString("last_error"), rs.getInt("attempts"),
                            instant(rs, "not_before"), instant(rs, "created_at"), instant(rs, "updated_at"),
                            instant(rs, "finished_at")));
                }
            }
            return out;
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
