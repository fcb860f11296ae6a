package io.tickflow.tickstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.events.Tick;
import io.tickflow.testkit.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/** Storage idempotency on real PostgreSQL: whatever is delivered twice, overlaps or is cut short, is stored once. */
class TickCopyWriterTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:15:30.123Z");
    private static TestPostgres.Database db;
    private static TickCopyWriter writer;

    @BeforeAll
    static void migrate() {
        db = TestPostgres.createDatabase("tick_copy_writer_" + System.nanoTime());
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("market_data")
                .locations(TickRepository.MIGRATIONS).load().migrate();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        writer = new TickCopyWriter(ds);
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE market_data.ticks");
        }
    }

    @Test
    void aBatchIsStoredExactlyAsTheTicksWere() throws SQLException {
        List<Tick> batch = ticks(0, 500);
        batch.add(new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), T0.plusNanos(123_456_789), T0.plusNanos(999),
                "OIL_CRUDE", "polygon", new BigDecimal("70.1"), new BigDecimal("70.1000"), new BigDecimal("70.105"),
                new BigDecimal("1E+3")));

        assertThat(writer.write(batch)).isEqualTo(new TickCopyWriter.Written(501, false));

        List<Tick> stored = stored();
        assertThat(stored).hasSize(501);
        for (Tick t : batch) {
            Tick expected = new Tick(t.schemaVersion(), t.eventId(), t.eventTime().truncatedTo(ChronoUnit.MICROS),
                    t.ingestTime().truncatedTo(ChronoUnit.MICROS), t.instrument(), t.source(), t.bid(), t.ask(),
                    t.last(), t.lastSize() == null ? null : t.lastSize().setScale(Math.max(0, t.lastSize().scale())));
            assertThat(stored).contains(expected);
        }
    }

    @Test
    void theSameBatchTwiceIsStoredOnce() throws SQLException {
        List<Tick> batch = ticks(0, 1000);
        assertThat(writer.write(batch).inserted()).isEqualTo(1000);

        TickCopyWriter.Written again = writer.write(batch);

        assertThat(again).isEqualTo(new TickCopyWriter.Written(0, true));
        assertThat(count()).isEqualTo(1000);
    }

    @Test
    void overlappingBatchesStoreOnlyTheNewRows() throws SQLException {
        writer.write(ticks(0, 1000));

        TickCopyWriter.Written overlap = writer.write(ticks(500, 1500));

        assertThat(overlap).isEqualTo(new TickCopyWriter.Written(500, true));
        assertThat(count()).isEqualTo(1500);
        assertThat(writer.write(ticks(2000, 2100))).isEqualTo(new TickCopyWriter.Written(100, false));
    }

    @Test
    void aTickTwiceInOneBatchIsStoredOnce() throws SQLException {
        List<Tick> batch = ticks(0, 100);
        batch.add(batch.get(42));

        assertThat(writer.write(batch)).isEqualTo(new TickCopyWriter.Written(100, true));
        assertThat(count()).isEqualTo(100);
    }

    @Test
    void redeliveryAfterACrashBetweenWriteAndOffsetCommitStoresNothingTwice() throws SQLException {
        // the consumer stored offsets 0..999 and died before committing the offsets: the group's restart re-reads
        // from offset 0, in batches cut differently than before
        List<Tick> topic = ticks(0, 3000);
        writer.write(topic.subList(0, 1000));

        int inserted = 0;
        for (int from = 0; from < topic.size(); from += 700) {
            inserted += writer.write(topic.subList(from, Math.min(topic.size(), from + 700))).inserted();
        }

        assertThat(inserted).isEqualTo(2000);
        assertThat(count()).isEqualTo(3000);
        assertThat(stored().stream().map(Tick::eventId).distinct().count()).isEqualTo(3000);
    }

    @Test
    void rowsEncodedOnceAreStoredByAnyRunOfThemAndAgainWithoutDuplicates() throws SQLException {
        // the tick store's consumer encodes a poll once and then copies runs of it: the whole, a retry, halves
        List<Tick> batch = ticks(0, 1000);
        CopyRows rows = new CopyRows(64);
        for (Tick t : batch) {
            TickCopyWriter.encodeRow(rows, t);
        }
        TickCopyWriter.encodeRow(rows, ticks(5000, 5001).get(0));
        rows.dropLastRow(); // started and given up: not part of the batch

        assertThat(rows.size()).isEqualTo(1000);
        assertThat(writer.write(rows, 0, 400)).isEqualTo(new TickCopyWriter.Written(400, false));
        assertThat(writer.write(rows, 300, 1000)).isEqualTo(new TickCopyWriter.Written(600, true));
        assertThat(writer.write(rows, 0, 1000)).isEqualTo(new TickCopyWriter.Written(0, true));
        assertThat(writer.write(rows, 1000, 1000)).isEqualTo(new TickCopyWriter.Written(0, false));
        assertThatThrownBy(() -> writer.write(rows, 0, 1001)).isInstanceOf(IndexOutOfBoundsException.class);

        assertThat(count()).isEqualTo(1000);
        assertThat(stored()).containsExactlyInAnyOrderElementsOf(batch.stream().map(t -> new Tick(t.schemaVersion(),
                t.eventId(), t.eventTime().truncatedTo(ChronoUnit.MICROS), t.ingestTime().truncatedTo(ChronoUnit.MICROS),
                t.instrument(), t.source(), t.bid(), t.ask(), t.last(), t.lastSize())).toList());
        rows.clear();
        assertThat(rows.size()).isZero();
        assertThat(rows.encoded()).isEmpty();
    }

    @Test
    void aWriteCutShortBeforeItsCommitLeavesNothingAndTheRedeliveryStoresAll() throws SQLException {
        List<Tick> batch = ticks(0, 2000);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            TickCopyWriter.copy(c.unwrap(PGConnection.class).getCopyAPI(),
                    "COPY market_data.ticks (" + TickCopyWriter.COLUMNS + ") FROM STDIN (FORMAT binary)", batch);
            // the process dies here: the session ends without a commit
        }
        assertThat(count()).isZero();

        assertThat(writer.write(batch)).isEqualTo(new TickCopyWriter.Written(2000, false));
        assertThat(count()).isEqualTo(2000);
    }

    @Test
    void theKeyLeadsWithTimeAndServesTheReplayReaderWithoutASort() throws SQLException {
        // time first keeps inserts at the right edge of the index (make bench-ingest); the backtest reader's order
        // (event_time, instrument, event_id) is the key's, so a replay of several instruments needs no sort
        assertThat(writer.write(ticks(0, 2000)).inserted()).isEqualTo(2000);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            ResultSet key = st.executeQuery("SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                    + " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                    + " WHERE i.indrelid = 'market_data.ticks'::regclass AND i.indisprimary"
                    + " ORDER BY array_position(i.indkey::int2[], a.attnum)");
            List<String> columns = new ArrayList<>();
            while (key.next()) {
                columns.add(key.getString(1));
            }
            assertThat(columns).containsExactly("event_time", "instrument", "event_id");
            st.execute("ANALYZE market_data.ticks");
            st.execute("SET enable_seqscan = off"); // a table this small would be read whole; the plan shape is the point
            ResultSet plan = st.executeQuery("EXPLAIN " + TickRepository.QUOTES.replace("$1",
                    "ARRAY['BTCUSD','OIL_CRUDE']").replace("$2", "'2026-11-25T00:00:00Z'")
                    .replace("$3", "'2026-11-26T00:00:00Z'"));
            StringBuilder text = new StringBuilder();
            while (plan.next()) {
                text.append(plan.getString(1)).append('\n');
            }
            assertThat(text.toString()).contains("Index Scan using ticks_pkey").doesNotContain("Sort");
        }
    }

    @Test
    void theStagingTableOfAPooledSessionNeverCarriesRowsIntoTheNextBatch() throws SQLException {
        // one physical session across writes, as a pool gives it
        try (Connection session = db.connect()) {
            TickCopyWriter pooled = new TickCopyWriter(new SingleConnectionDataSource(session));
            List<Tick> first = ticks(0, 300);
            pooled.write(first);
            assertThat(pooled.write(first).inserted()).isZero();
            assertThat(pooled.write(ticks(200, 400))).isEqualTo(new TickCopyWriter.Written(100, true));
            assertThat(pooled.write(ticks(0, 400)).inserted()).isZero();
        }
        assertThat(count()).isEqualTo(400);
    }

    // -- helpers

    /** Ticks number from..to-1 of a deterministic stream: the same number is the same tick. */
    static List<Tick> ticks(int from, int to) {
        return new ArrayList<>(IntStream.range(from, to).mapToObj(TickCopyWriterTest::tick).toList());
    }

    static Tick tick(int n) {
        BigDecimal bid = new BigDecimal("90000.00").add(BigDecimal.valueOf(n % 1000, 2));
        Instant t = T0.plusMillis(n);
        return new Tick(Tick.SCHEMA_VERSION, UUID.nameUUIDFromBytes(("tick-" + n).getBytes()), t, t.plusMillis(2),
                n % 2 == 0 ? "BTCUSD" : "OIL_CRUDE", "capital", bid, bid.add(new BigDecimal("30.05")), null, null);
    }

    private static long count() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM market_data.ticks")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Tick> stored() throws SQLException {
        List<Tick> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT " + TickCopyWriter.COLUMNS + " FROM market_data.ticks")) {
            while (rs.next()) {
                out.add(new Tick(Tick.SCHEMA_VERSION, rs.getObject("event_id", UUID.class),
                        rs.getObject("event_time", OffsetDateTime.class).toInstant(),
                        rs.getObject("ingest_time", OffsetDateTime.class).toInstant(), rs.getString("instrument"),
                        rs.getString("source"), rs.getBigDecimal("bid"), rs.getBigDecimal("ask"),
                        rs.getBigDecimal("last"), rs.getBigDecimal("last_size")));
            }
        }
        return out;
    }
}
