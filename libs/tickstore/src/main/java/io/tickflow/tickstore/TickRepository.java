package io.tickflow.tickstore;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.Tick;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes ticks to {@code market_data.ticks} and reads them back in event-time order. Writes are one statement per
 * batch (arrays unnested server-side) and idempotent on the primary key, so a redelivered batch stores nothing twice.
 * Reads stream through a server-side cursor, so a backtest's memory does not grow with the range it reads.
 */
public final class TickRepository {

    /** The Flyway location of the tick store's migrations, for services that own or test against it. */
    public static final String MIGRATIONS = "classpath:db/tickstore";

    private static final String INSERT = "INSERT INTO market_data.ticks"
            + " (instrument, event_time, event_id, source, bid, ask, last, last_size, ingest_time)"
            + " SELECT * FROM UNNEST($1::text[], $2::timestamptz[], $3::uuid[], $4::text[], $5::numeric[],"
            + " $6::numeric[], $7::numeric[], $8::numeric[], $9::timestamptz[])"
            + " ON CONFLICT DO NOTHING";

    private static final String RANGE = "SELECT instrument, event_time, event_id, source, bid, ask, last, last_size,"
            + " ingest_time FROM market_data.ticks WHERE instrument = ANY($1) AND event_time >= $2"
            + " AND event_time < $3 ORDER BY event_time, instrument, event_id";

    private static final java.util.function.Function<io.vertx.mutiny.sqlclient.SqlConnection, Uni<Void>> CLOSE =
            io.vertx.mutiny.sqlclient.SqlConnection::close;

    static final String QUOTES = "SELECT instrument, event_time, bid, ask FROM market_data.ticks"
            + " WHERE instrument = ANY($1) AND event_time >= $2 AND event_time < $3"
            + " ORDER BY event_time, instrument, event_id";

    private final Pool pool;

    public TickRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores ticks; returns how many were new. */
    public Uni<Integer> insert(List<Tick> ticks) {
        if (ticks.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = ticks.size();
        String[] instrument = new String[n];
        OffsetDateTime[] eventTime = new OffsetDateTime[n];
        UUID[] eventId = new UUID[n];
        String[] source = new String[n];
        BigDecimal[] bid = new BigDecimal[n];
        BigDecimal[] ask = new BigDecimal[n];
        BigDecimal[] last = new BigDecimal[n];
        BigDecimal[] lastSize = new BigDecimal[n];
        OffsetDateTime[] ingest = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Tick t = ticks.get(i);
            instrument[i] = t.instrument();
            eventTime[i] = utc(t.eventTime());
            eventId[i] = t.eventId();
            source[i] = t.source();
            bid[i] = t.bid();
            ask[i] = t.ask();
            last[i] = t.last();
            lastSize[i] = t.lastSize();
            ingest[i] = utc(t.ingestTime());
        }
        Tuple args = Tuple.tuple(List.of(instrument, eventTime, eventId, source, bid, ask, last, lastSize, ingest));
        return pool.preparedQuery(INSERT).execute(args).map(rs -> rs.rowCount());
    }

    /** Ticks of {@code instruments} in [from, to), oldest first, fetched {@code fetchSize} rows at a time. */
    public Multi<Tick> stream(List<String> instruments, Instant from, Instant to, int fetchSize) {
        Tuple args = Tuple.of(instruments.toArray(String[]::new), utc(from), utc(to));
        // the cursor lives in a transaction that must stay open until the last row is read: the connection is held
        // for the whole stream and closed (rolling the read-only transaction back) when the stream ends or is cancelled
        return Multi.createFrom().resourceFromUni(pool::getConnection,
                        conn -> conn.begin().onItem().transformToMulti(tx -> conn.prepare(RANGE)
                                .onItem().transformToMulti(ps -> ps.createStream(fetchSize, args).toMulti())))
                .withFinalizer(CLOSE)
                .map(TickRepository::toTick);
    }

    /**
     * The quotes of {@code instruments} in [from, to), oldest first, as pages of rows {@code (instrument, event_time,
     * bid, ask)} of up to {@code fetchSize}, read through one cursor. For readers that convert rows themselves (the
     * backtest's fixed-point columns): a page is iterated in a plain loop, with no per-row stream operator or event
     * object, which is where {@link #stream} spends its time.
     */
    public Multi<RowSet<Row>> pages(List<String> instruments, Instant from, Instant to, int fetchSize) {
        Tuple args = Tuple.of(instruments.toArray(String[]::new), utc(from), utc(to));
        return Multi.createFrom().resourceFromUni(pool::getConnection,
                        conn -> conn.begin().onItem().transformToMulti(tx -> conn.prepare(QUOTES)
                                .onItem().transformToMulti(ps -> {
                                    Cursor cursor = ps.cursor(args);
                                    return Multi.createBy().repeating().uni(() -> cursor.read(fetchSize))
                                            .whilst(page -> cursor.hasMore());
                                })))
                .withFinalizer(CLOSE);
    }

    public Uni<Long> count(String instrument) {
        return pool.preparedQuery("SELECT count(*) FROM market_data.ticks WHERE instrument = $1")
                .execute(Tuple.of(instrument)).map(rs -> rs.iterator().next().getLong(0));
    }

    private static Tick toTick(Row r) {
        return new Tick(Tick.SCHEMA_VERSION, r.getUUID("event_id"), r.getOffsetDateTime("event_time").toInstant(),
                r.getOffsetDateTime("ingest_time").toInstant(), r.getString("instrument"), r.getString("source"),
                r.getBigDecimal("bid"), r.getBigDecimal("ask"), r.getBigDecimal("last"), r.getBigDecimal("last_size"));
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
