package io.tickflow.marketdata.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tickflow.capital.CapitalComClient;
import io.tickflow.capital.CapitalComConfig;
import io.tickflow.capital.CapitalComStreamingClient;
import io.tickflow.capital.StreamingConfig;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TestPostgres;
import io.tickflow.tickstore.BinaryCopyEncoder;
import io.tickflow.tickstore.TickCopyWriter;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Inject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

/**
 * {@code make bench-ingest}: in one run, on the test kit's broker and PostgreSQL,
 * <ol>
 *   <li>the sustained rate of market-data's real storage path: the tick store's consumer of the ticks topic
 *       ({@link TickTopicPoller}, {@link TickStorageConsumer}: {@link TickDecoder}, {@link TickCopyWriter}, offsets
 *       committed after the COPY) draining {@code bench.ticks} ticks produced before the service started, with the
 *       JVM's heap peak;</li>
 *   <li>a naive baseline over the same rows: one {@code INSERT} per row, committed per batch;</li>
 *   <li>the limit: as many rows of the same stream written by nothing but binary COPY (generate, encode, COPY,
 *       commit; as many connections as the storage path has writers), once before the drain (storage not
 *       started yet) and once after it, each into a new table; the limit is both rounds' rows over both rounds'
 *       time;</li>
 *   <li>source-to-Kafka latency: capital-sim's quote timestamp to the record acknowledged on the ticks topic,
 *       through the Capital.com streaming client and a Kafka producer set up as market-data's.</li>
 * </ol>
 * It ends with one line {@code ticks_per_s=… baseline_ticks_per_s=… ratio=… copy_limit_ticks_per_s=… limit_ratio=…
 * heap_max_mb=… src_to_kafka_p99_ms=…}. Not part of {@code make test}: runs only with {@code -Dtickflow.bench=true}.
 */
@EnabledIfSystemProperty(named = "tickflow.bench", matches = "true")
@QuarkusTest
@WithTestResource(value = IngestBenchResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class TickIngestBench {

    private static final int BASELINE_TICKS = Integer.getInteger("bench.baselineTicks", 30_000);
    private static final int LIMIT_TICKS = Integer.getInteger("bench.limitTicks", IngestBenchResource.TICKS);
    private static final int BURST_SECONDS = Integer.getInteger("bench.burstSeconds", 0);
    private static final int QUOTE_RATE = Integer.getInteger("bench.quoteRate", 1000);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.latencySeconds", 20);
    /** As market-data's configuration: two batches stored at a time. */
    private static final int CONNECTIONS = 2;
    /** The sustained window starts once this share (%) of the backlog is stored: after start-up and most JIT work. */
    private static final long WINDOW_FROM = Long.getLong("bench.windowFromPercent", 50);

    @InjectTestContext
    TestContext ctx;

    @Inject
    MeterRegistry registry;

    @Inject
    TickTopicPoller poller;

    @Test
    void ingest() throws Exception {
        System.out.printf(Locale.ROOT, "prefill: %d ticks on %s in %.1f s (before market-data started)%n",
                IngestBenchResource.TICKS, ctx.topic(Topic.TICKS), IngestBenchResource.prefillSeconds);
        // (c) the COPY limit, first round: before the drain, while the storage channel is still paused
        assertThat(registry.counter("tickflow_tick_store_rows_total").count()).as("storage paused").isZero();
        double limitBefore = copyLimit("bench_copy_limit_before", watch(), false);

        // (a) the real path drains the backlog
        HeapWatch heap = HeapWatch.start();
        CpuWatch cpu = watch();
        startStorage();
        Drain drain = drain(IngestBenchResource.TICKS);
        HeapWatch.Peak heapPeak = heap.peak();
        System.out.printf(Locale.ROOT, "storage path: %d ticks, %.0f ticks/s sustained (%.1f s window from %d to %d"
                        + " stored), %.0f ticks/s over the whole drain incl. start-up%n", drain.total, drain.rate,
                drain.windowSeconds, drain.windowFrom, drain.windowTo, drain.overallRate);
        cpu.print("the drain, from the bench's start to the last row stored");
        io.micrometer.core.instrument.Timer batches = registry.timer("tickflow_tick_store_batch_seconds");
        System.out.printf(Locale.ROOT, "storage path batches: %d, %.0f ticks and %.1f ms each on average (decode,"
                        + " COPY and commit)%n", batches.count(), (double) drain.total / Math.max(1, batches.count()),
                batches.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
        System.out.printf(Locale.ROOT, "heap: peak_used_mb=%.0f max_after_gc_mb=%.0f gcs=%d max_after_full_gc_mb=%.0f"
                        + " full_gcs=%d (JVM max %d MB; the JVM also hosts the Kafka broker)%n", heapPeak.usedMb,
                heapPeak.afterGcMb, heapPeak.collections, heapPeak.afterFullGcMb, heapPeak.fullCollections,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        heap.printTimeline();
        printLiveHeap("after the drain");
        assertThat(stored("market_data.ticks")).as("every tick stored exactly once").isEqualTo(
                IngestBenchResource.TICKS);

        if (BURST_SECONDS > 0) {
            burst(heap);
        }

        // (b) naive baseline and (c) the COPY limit, over rows of the same stream
        double baseline = naiveBaseline();
        double limitAfter = copyLimit("bench_copy_limit_ticks", watch(), true);
        // both rounds' rows over both rounds' time: the drain ran between them, so a machine that got faster or
        // slower during the run moves the limit as it moved the drain
        double limit = 2 / (1 / limitBefore + 1 / limitAfter);

        // (e) source to Kafka
        Histogram latency = sourceToKafka();

        double ratio = drain.rate / baseline;
        double limitRatio = drain.rate / limit;
        System.out.printf(Locale.ROOT, "naive one-row INSERTs: %d ticks, %.0f ticks/s%n", BASELINE_TICKS, baseline);
        System.out.printf(Locale.ROOT, "binary COPY limit: %d ticks on %d connections, %.0f ticks/s (before the drain"
                + " %.0f, after it %.0f)%n", LIMIT_TICKS, CONNECTIONS, limit, limitBefore, limitAfter);
        System.out.printf(Locale.ROOT, "source->kafka: n=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f (%d quotes/s)%n",
                latency.getTotalCount(), latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, QUOTE_RATE);
        System.out.printf(Locale.ROOT, "ticks_per_s=%.0f baseline_ticks_per_s=%.0f ratio=%.1f copy_limit_ticks_per_s=%.0f"
                        + " limit_ratio=%.2f heap_max_mb=%.0f src_to_kafka_p99_ms=%.3f%n", drain.rate, baseline, ratio,
                limit, limitRatio, heapPeak.usedMb, latency.getValueAtPercentile(99) / 1000.0);
    }

    /**
     * Starts the storage path: it does not start with the service (IngestBenchResource), so that the first round of
     * the COPY limit runs alone before the drain.
     */
    private void startStorage() {
        assertThat(poller.state()).as("storage not started yet").isEqualTo(TickTopicPoller.State.NOT_STARTED);
        poller.start();
    }

    /** CPU and WAL from now on, of this JVM and of this run's PostgreSQL. */
    private CpuWatch watch() throws Exception {
        return CpuWatch.start(postmasterPid(), ctx.database());
    }

    /** The embedded server's postmaster, whose children are this run's PostgreSQL processes. */
    private long postmasterPid() throws Exception {
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW data_directory")) {
            rs.next();
            return Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim());
        } catch (Exception e) {
            return -1; // a server of one's own (TICKFLOW_TEST_PG_URL) on another host: no breakdown
        }
    }

    // -- (a) the storage path

    record Drain(long total, double rate, double windowSeconds, long windowFrom, long windowTo, double overallRate) {
    }

    /**
     * Samples the consumer's stored-rows counter every 50 ms until {@code total} are stored. The sustained rate is
     * taken from 50 % ({@code bench.windowFromPercent}) of the backlog to 95 % of it or to the moment the first
     * partition ran dry, whichever comes first (or from the first sample, if the bench started later): start-up, most
     * JIT compilation and the tail are outside the window. The tail is not a sustained rate: once one partition is
     * drained, only the other's ticks are left, in the order of one partition.
     */
    private Drain drain(long total) throws SQLException {
        List<long[]> samples = new ArrayList<>(); // {nanos, rows, epoch micros}
        // where the CPU goes once start-up and most compilation are over: from 50 % to 90 % of the backlog
        AtomicReference<CpuWatch> steady = new AtomicReference<>();
        AtomicLong steadyRows = new AtomicLong(-1);
        long steadyFrom = total * WINDOW_FROM / 100;
        long steadyTo = total * 90 / 100;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long rows = (long) registry.counter("tickflow_tick_store_rows_total").count();
            if (rows >= steadyFrom && steadyRows.get() < 0 && rows < steadyTo) {
                steady.set(watch());
                steadyRows.set(rows);
                // for lining a profile (JFR, -XX:+PrintCompilation, perf) up with the window
                System.out.println("storage path: window starts at JVM uptime_ms=" + ManagementFactory.getRuntimeMXBean()
                        .getUptime());
            } else if (rows >= steadyTo && steady.get() != null) {
                CpuWatch window = steady.getAndSet(null);
                System.out.println("storage path: window ends at JVM uptime_ms=" + ManagementFactory.getRuntimeMXBean()
                        .getUptime());
                String span = String.format(Locale.ROOT, "%d-90 %% of the drain (%d ticks)", WINDOW_FROM,
                        rows - steadyRows.get());
                window.print(span);
                window.printWal(span, rows - steadyRows.get());
            }
            Instant now = Instant.now();
            samples.add(new long[] {System.nanoTime(), rows, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000});
            return rows >= total;
        });
        StringBuilder timeline = new StringBuilder("storage path, ticks/s per 5 s since the bench started:");
        long[] mark = samples.get(0);
        for (long[] s : samples) {
            if (s[0] - mark[0] >= 5_000_000_000L || s == samples.get(samples.size() - 1)) {
                timeline.append(String.format(Locale.ROOT, " %.0f", (s[1] - mark[1]) / ((s[0] - mark[0]) / 1e9)));
                mark = s;
            }
        }
        System.out.println(timeline);
        long[] from = samples.stream().filter(s -> s[1] >= total * WINDOW_FROM / 100).findFirst()
                .orElse(samples.get(0));
        PartitionDry dry = firstPartitionDry();
        long[] to = samples.stream().filter(s -> s[1] <= total * 95 / 100 && (dry == null || s[2] <= dry.epochMicros))
                .reduce((a, b) -> b).orElseThrow();
        if (dry != null) {
            System.out.printf(Locale.ROOT, "storage path: partition %d ran dry first, at %s (the window ends there or"
                    + " at 95 %%, whichever is first: after it one partition's ticks are left)%n", dry.partition,
                    Instant.ofEpochSecond(dry.epochMicros / 1_000_000, dry.epochMicros % 1_000_000 * 1000));
        }
        if (to[0] <= from[0]) {
            from = samples.get(0);
            to = samples.get(samples.size() - 1);
        }
        double seconds = (to[0] - from[0]) / 1e9;
        double overall = overallRate();
        return new Drain(total, (to[1] - from[1]) / seconds, seconds, from[1], to[1], overall);
    }

    record PartitionDry(int partition, long epochMicros) {
    }

    /**
     * When the first partition of the ticks topic had all its ticks stored: per partition (instruments mapped as the
     * producer's default partitioner maps keys), the start of the transaction that stored its last tick. Null when
     * the database is not on this host (TICKFLOW_TEST_PG_URL): its clock is not the bench's.
     */
    private PartitionDry firstPartitionDry() throws SQLException {
        if (System.getenv("TICKFLOW_TEST_PG_URL") != null) {
            return null;
        }
        String topic = ctx.topic(Topic.TICKS);
        int partitions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ctx.bootstrapServers()))) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException("could not describe " + topic, e);
        }
        Map<Integer, Long> lastStored = new TreeMap<>();
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT instrument, (extract(epoch FROM max(stored_time)) * 1000000)::bigint FROM market_data.ticks"
                        + " GROUP BY instrument")) {
            while (rs.next()) {
                int partition = BuiltInPartitioner.partitionForKey(rs.getString(1).getBytes(StandardCharsets.UTF_8),
                        partitions);
                lastStored.merge(partition, rs.getLong(2), Math::max);
            }
        }
        return lastStored.entrySet().stream().min(Map.Entry.comparingByValue())
                .map(e -> new PartitionDry(e.getKey(), e.getValue())).orElse(null);
    }

    /** From the rows' own commit times (stored_time is each transaction's start): whole drain, start-up included. */
    private double overallRate() throws SQLException {
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*), extract(epoch FROM max(stored_time) - min(stored_time)) FROM market_data.ticks")) {
            rs.next();
            return rs.getLong(1) / Math.max(1e-3, rs.getDouble(2));
        }
    }

    /**
     * The heap under a long burst: a producer keeps {@code bench.burstRate} ticks/s coming for
     * {@code bench.burstSeconds} while the consumer stores them; the heap timeline shows whether it stays bounded.
     */
    private void burst(HeapWatch heap) throws Exception {
        int rate = Integer.getInteger("bench.burstRate", 250_000);
        long next = IngestBenchResource.TICKS;
        long before = (long) registry.counter("tickflow_tick_store_rows_total").count();
        heap.reset();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(BURST_SECONDS);
        int sliceMillis = 100;
        String topic = ctx.topic(Topic.TICKS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                ctx.bootstrapServers(), "linger.ms", 20, "batch.size", 512 * 1024, "acks", "1"),
                new StringSerializer(), new StringSerializer())) {
            while (System.nanoTime() < end) {
                long sliceStart = System.nanoTime();
                long count = (long) rate * sliceMillis / 1000;
                for (long n = next; n < next + count; n++) {
                    Tick t = IngestBenchResource.tick(n);
                    producer.send(new ProducerRecord<>(topic, t.partitionKey(), EventCodec.encode(t)));
                }
                next += count;
                long wait = sliceStart + TimeUnit.MILLISECONDS.toNanos(sliceMillis) - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        long produced = next - IngestBenchResource.TICKS;
        long target = before + produced;
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> registry.counter("tickflow_tick_store_rows_total").count() >= target);
        double seconds = (System.nanoTime() - start) / 1e9;
        HeapWatch.Peak peak = heap.peak();
        printLiveHeap("after the burst");
        System.out.printf(Locale.ROOT, "burst: %d ticks produced in %.0f s (%.0f/s offered), all stored after %.0f s"
                        + " (%.0f ticks/s); heap peak_used_mb=%.0f max_after_full_gc_mb=%.0f full_gcs=%d%n", produced,
                produceSeconds, produced / produceSeconds, seconds, produced / seconds, peak.usedMb, peak.afterFullGcMb,
                peak.fullCollections);
        heap.printTimeline();
    }

    /**
     * The live set: a full collection, then what is left. Young collections alone leave promoted garbage in the old
     * generation, so their after-GC figures creep up without telling whether anything is retained.
     */
    private static void printLiveHeap(String when) {
        System.gc();
        System.out.printf(Locale.ROOT, "heap: live_mb=%.0f %s (after a full collection)%n",
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0, when);
    }

    // -- (b) naive baseline

    private double naiveBaseline() throws SQLException {
        String table = createLike("bench_naive_ticks");
        List<Tick> ticks = generate(BASELINE_TICKS);
        int batch = batch();
        try (Connection c = ctx.database().connect(); PreparedStatement st = c.prepareStatement(
                TickRows.insert(table, " ON CONFLICT DO NOTHING"))) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            for (int i = 0; i < ticks.size(); i++) {
                Tick t = ticks.get(i);
                TickRows.bind(st, t);
                st.executeUpdate();
                if ((i + 1) % batch == 0) {
                    c.commit();
                }
            }
            c.commit();
            double rate = ticks.size() / ((System.nanoTime() - start) / 1e9);
            assertThat(stored(table)).isEqualTo(ticks.size());
            return rate;
        }
    }

    // -- (c) the limit

    /**
     * Rows of the same stream, generated and encoded straight into binary COPY by each of {@value #CONNECTIONS}
     * connections, as many per COPY and transaction as one poll of the storage path holds at most ({@link #batch}):
     * no Kafka, no JSON, nothing else. As many rows as the drain wrote (unless {@code bench.limitTicks} says
     * otherwise), so the table grows to the same size under both.
     */
    private double copyLimit(String name, CpuWatch cpu, boolean printSizes) throws Exception {
        String table = createLike(name);
        String copy = "COPY " + table + " (" + TickCopyWriter.COLUMNS + ") FROM STDIN (FORMAT binary)";
        long first = 1_000_000_000L;
        int batch = batch();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Connection> connections = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Connection c = ctx.database().connect();
                c.setAutoCommit(false);
                connections.add(c);
            }
            long start = System.nanoTime();
            List<Future<Long>> done = new ArrayList<>();
            for (int w = 0; w < CONNECTIONS; w++) {
                Connection c = connections.get(w);
                int worker = w;
                done.add(pool.submit(() -> {
                    long rows = 0;
                    var api = c.unwrap(PGConnection.class).getCopyAPI();
                    for (long from = (long) worker * batch; from < LIMIT_TICKS; from += (long) CONNECTIONS * batch) {
                        var in = api.copyIn(copy);
                        BinaryCopyEncoder encoder = new BinaryCopyEncoder(64 * 1024, in::writeToCopy).header();
                        for (long n = from; n < Math.min(LIMIT_TICKS, from + batch); n++) {
                            TickCopyWriter.encodeRow(encoder, IngestBenchResource.tick(first + n));
                        }
                        encoder.trailer().flush();
                        rows += in.endCopy();
                        c.commit();
                    }
                    return rows;
                }));
            }
            long rows = 0;
            for (Future<Long> f : done) {
                rows += f.get();
            }
            double rate = rows / ((System.nanoTime() - start) / 1e9);
            cpu.print("the COPY limit into " + table); // while its server processes still exist
            cpu.printWal("the COPY limit into " + table, rows);
            for (Connection c : connections) {
                c.close();
            }
            assertThat(stored(table)).isEqualTo(LIMIT_TICKS);
            if (printSizes && BURST_SECONDS == 0) { // the same rows in both, unless a burst added to the drain's
                System.out.printf(Locale.ROOT, "storage size: %s; the COPY limit's %s%n", sizes("market_data.ticks"),
                        sizes(table));
            }
            return rate;
        } finally {
            pool.shutdown();
        }
    }

    /** Rows per transaction, as the storage path's: one COPY per poll of at most this many records. */
    private static int batch() {
        return ConfigProvider.getConfig().getValue("tickflow.tick-store.max-poll-records", Integer.class);
    }

    /** Ticks of the bench's stream not stored yet, so each table gets fresh keys in the same shape. */
    private static List<Tick> generate(int n) {
        List<Tick> ticks = new ArrayList<>(n);
        long first = 1_000_000_000L;
        for (int i = 0; i < n; i++) {
            ticks.add(IngestBenchResource.tick(first + i));
        }
        return ticks;
    }

    private String createLike(String name) throws SQLException {
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE market_data." + name + " (LIKE market_data.ticks INCLUDING ALL)");
        }
        return "market_data." + name;
    }

    /** Heap and index sizes of a table, to compare what the drain and the limit built from the same rows. */
    private String sizes(String table) throws SQLException {
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_relation_size('" + table + "') >> 20,"
                        + " pg_indexes_size('" + table + "') >> 20")) {
            rs.next();
            return table + " " + rs.getLong(1) + " MB, its key " + rs.getLong(2) + " MB";
        }
    }

    private long stored(String table) throws SQLException {
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // -- (e) source to Kafka

    /**
     * capital-sim streams BTCUSD at {@code bench.quoteRate}; the Capital.com streaming client receives each quote, a
     * Tick is built and encoded as market-data's ingestor does, and a producer configured as market-data's ticks
     * channel (acks=1, linger 0) sends it. Latency: the quote's timestamp (capital-sim's clock, epoch milliseconds
     * as on the wire) to the producer's acknowledgement, in microseconds.
     */
    private Histogram sourceToKafka() throws Exception {
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        CapitalComSimulator sim = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().quotesPerSecond(0)
                .quotesPerSecond("BTCUSD", QUOTE_RATE).build());
        Vertx vertx = Vertx.vertx();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                ctx.bootstrapServers(), "linger.ms", 0, "acks", "1"), new StringSerializer(), new StringSerializer());
                CapitalComStreamingClient streaming = new CapitalComStreamingClient(vertx, new CapitalComClient(vertx,
                        CapitalComConfig.of(URI.create(sim.baseUrl()), CapitalComSimulatorConfig.DEFAULT_API_KEY,
                                CapitalComSimulatorConfig.DEFAULT_IDENTIFIER,
                                CapitalComSimulatorConfig.DEFAULT_PASSWORD)), StreamingConfig.defaults())) {
            String topic = ctx.topic(Topic.TICKS);
            streaming.quotes(Set.of("BTCUSD")).subscribe().with(quote -> {
                Tick tick = Tick.quote(quote.epic(), "capital", quote.bid(), quote.ofr(), quote.timestamp(),
                        Instant.now());
                producer.send(new ProducerRecord<>(topic, tick.partitionKey(), EventCodec.encode(tick)),
                        (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                                return;
                            }
                            Instant acked = Instant.now();
                            if (System.nanoTime() >= measureFrom.get()) {
                                long micros = Duration.between(quote.timestamp(), acked).toNanos() / 1000;
                                synchronized (latency) {
                                    latency.recordValue(Math.max(0, Math.min(micros, latency.getHighestTrackableValue())));
                                }
                            }
                        });
            }, failure::set);
            // warm-up: connect, subscribe, let the JIT settle; then measure
            measureFrom.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            long end = measureFrom.get() + TimeUnit.SECONDS.toNanos(LATENCY_SECONDS);
            await().atMost(Duration.ofSeconds(LATENCY_SECONDS + 30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> System.nanoTime() >= end || failure.get() != null);
        } finally {
            vertx.closeAndAwait();
            sim.close();
        }
        assertThat(failure.get()).isNull();
        synchronized (latency) {
            return latency.copy();
        }
    }

    // -- measuring the JVM

    /** Heap used: the peak before any collection (GC notifications) or between them (polled), and after collections. */
    static final class HeapWatch {
        record Peak(double usedMb, double afterGcMb, long collections, double afterFullGcMb, long fullCollections) {
        }

        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final AtomicLong peakAfterFullGc = new AtomicLong();
        private final AtomicLong fullCollections = new AtomicLong();
        /** Per 10 s of the run: the lowest heap left after a collection (a growing live set raises it). */
        private final Map<Long, Long> afterGcByTenSeconds = new TreeMap<>();
        private volatile long origin = System.nanoTime();

        static HeapWatch start() {
            HeapWatch w = new HeapWatch();
            NotificationListener listener = (notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long before = heap(info.getGcInfo().getMemoryUsageBeforeGc());
                long after = heap(info.getGcInfo().getMemoryUsageAfterGc());
                w.peakUsed.accumulateAndGet(before, Math::max);
                w.peakAfterGc.accumulateAndGet(after, Math::max);
                w.collections.incrementAndGet();
                if (info.getGcAction().contains("major")) {
                    w.peakAfterFullGc.accumulateAndGet(after, Math::max);
                    w.fullCollections.incrementAndGet();
                }
                synchronized (w.afterGcByTenSeconds) {
                    w.afterGcByTenSeconds.merge((System.nanoTime() - w.origin) / 10_000_000_000L, after, Math::min);
                }
            };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
            }
            Thread poll = new Thread(() -> {
                while (true) {
                    w.peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }, "bench-heap-poll");
            poll.setDaemon(true);
            poll.start();
            return w;
        }

        private static long heap(Map<String, MemoryUsage> pools) {
            long used = 0;
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP && pools.containsKey(pool.getName())) {
                    used += pools.get(pool.getName()).getUsed();
                }
            }
            return used;
        }

        Peak peak() {
            return new Peak(peakUsed.get() / 1048576.0, peakAfterGc.get() / 1048576.0, collections.get(),
                    peakAfterFullGc.get() / 1048576.0, fullCollections.get());
        }

        void reset() {
            peakUsed.set(0);
            peakAfterGc.set(0);
            collections.set(0);
            peakAfterFullGc.set(0);
            fullCollections.set(0);
            origin = System.nanoTime();
            synchronized (afterGcByTenSeconds) {
                afterGcByTenSeconds.clear();
            }
        }

        void printTimeline() {
            StringBuilder line = new StringBuilder("heap after GC, lowest per 10 s (MB):");
            synchronized (afterGcByTenSeconds) {
                afterGcByTenSeconds.forEach((bucket, bytes) -> line.append(String.format(Locale.ROOT, " %ds=%.0f",
                        bucket * 10, bytes / 1048576.0)));
            }
            System.out.println(line);
        }
    }

    /** Where the CPU went: this JVM's threads grouped by name, and PostgreSQL (the rest of the machine). */
    static final class CpuWatch {
        private final Map<Long, Long> threadCpu = new HashMap<>();
        private final Map<Long, String> threadNames = new HashMap<>();
        private final long[] machine;
        private final long processCpu;
        private final long gcMillis;
        private final long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        private final long postmaster;
        private final Map<Long, Long> postgresTicks;
        private final Map<String, Long> autovacuum;

        private final TestPostgres.Database database;
        /** pg_stat_wal's records, full-page images and bytes, and checkpoints so far; null if not readable. */
        private final long[] wal;

        private CpuWatch(long postmaster, TestPostgres.Database database) {
            this.postmaster = postmaster;
            this.database = database;
            this.wal = walStats(database);
            this.postgresTicks = postgresTicks(postmaster);
            this.autovacuum = autovacuumRuns(database);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (long id : threads.getAllThreadIds()) {
                threadCpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
            }
            machine = machineTicks();
            processCpu = processCpu();
            gcMillis = gcMillis();
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }

        static CpuWatch start(long postmaster, TestPostgres.Database database) {
            return new CpuWatch(postmaster, database);
        }

        /**
         * WAL records, full-page images, bytes and checkpoints (timed + requested) so far: the database's write work
         * that its CPU time alone does not tell apart (a checkpoint inside a window makes every page's next change
         * log a whole 8 kB image).
         */
        private static long[] walStats(TestPostgres.Database database) {
            try (Connection c = database.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT w.wal_records, w.wal_fpi, w.wal_bytes::bigint,"
                            + " b.checkpoints_timed + b.checkpoints_req FROM pg_stat_wal w, pg_stat_bgwriter b")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
            } catch (SQLException e) {
                return null; // statistics views of another version: the line is left out
            }
        }

        /** The WAL written since {@link #start}, per row stored meanwhile. */
        void printWal(String span, long rows) {
            long[] now = walStats(database);
            if (wal == null || now == null || rows <= 0) {
                return;
            }
            System.out.printf(Locale.ROOT, "wal during %s: %.2f records, %.3f full-page images and %.0f bytes a row;"
                            + " %d checkpoints%n", span, (now[0] - wal[0]) / (double) rows,
                    (now[1] - wal[1]) / (double) rows, (now[2] - wal[2]) / (double) rows, now[3] - wal[3]);
        }

        /**
         * utime + stime (clock ticks, 100 per second) of the postmaster and each of its children, by pid, and under
         * the key {@code -postmaster} what the children that have exited used (the postmaster's cutime + cstime:
         * autovacuum workers and closed connections come and go within a window).
         */
        private static Map<Long, Long> postgresTicks(long postmaster) {
            Map<Long, Long> out = new HashMap<>();
            if (postmaster < 0) {
                return out;
            }
            ProcessHandle.of(postmaster).ifPresent(pm -> java.util.stream.Stream.concat(java.util.stream.Stream.of(pm),
                    pm.children()).forEach(p -> {
                        try {
                            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            out.put(p.pid(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                            if (p.pid() == postmaster) {
                                out.put(-postmaster, Long.parseLong(f[13]) + Long.parseLong(f[14]));
                            }
                        } catch (Exception ignored) {
                            // the process ended in between
                        }
                    }));
            return out;
        }

        /** What a PostgreSQL process is, from the title it sets: a connection, an autovacuum worker, or the rest. */
        private static String postgresKind(long pid) {
            if (pid < 0) {
                return "exited";
            }
            try {
                String title = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
                if (title.contains("autovacuum worker")) {
                    return "autovacuum";
                }
                return title.matches("postgres: (checkpointer|background writer|walwriter|autovacuum launcher|logical"
                        + " replication launcher|archiver|stats|io worker).*") || !title.startsWith("postgres: ")
                        ? "background" : "connections";
            } catch (Exception e) {
                return "exited";
            }
        }

        /** Autovacuum and autoanalyze runs finished so far, per table of the schema. */
        private static Map<String, Long> autovacuumRuns(TestPostgres.Database database) {
            Map<String, Long> out = new TreeMap<>();
            try (Connection c = database.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT relname, autovacuum_count, autoanalyze_count FROM"
                            + " pg_stat_user_tables WHERE schemaname = 'market_data'")) {
                while (rs.next()) {
                    out.put(rs.getString(1) + " vacuumed", rs.getLong(2));
                    out.put(rs.getString(1) + " analyzed", rs.getLong(3));
                }
            } catch (SQLException e) {
                // statistics views of another version: the breakdown is left out
            }
            return out;
        }

        void print(String span) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> byGroup = new TreeMap<>();
            for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long now = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                long used = now - threadCpu.getOrDefault(info.getThreadId(), 0L);
                String group = info.getThreadName().replaceAll("[0-9]+", "#");
                byGroup.merge(group, used, Long::sum);
            }
            long[] m = machineTicks();
            long busy = (m[0] - machine[0]) - (m[1] - machine[1]);
            long total = m[0] - machine[0];
            double jvmSeconds = (processCpu() - processCpu) / 1e9;
            double machineSeconds = total <= 0 ? 0 : busy / (double) total * elapsedCores() * elapsedSeconds(m);
            StringBuilder top = new StringBuilder();
            byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                    .forEach(e -> top.append(String.format(Locale.ROOT, " [%s]=%.1fs", e.getKey(), e.getValue() / 1e9)));
            long pgTicks = 0;
            Map<String, Long> pgByKind = new TreeMap<>();
            Map<Long, Long> pgNow = postgresTicks(postmaster);
            for (var e : pgNow.entrySet()) {
                long used = e.getValue() - postgresTicks.getOrDefault(e.getKey(), 0L);
                pgTicks += used;
                pgByKind.merge(postgresKind(e.getKey()), used, Long::sum);
            }
            // a child seen at the start that has exited since is in the postmaster's cutime with its whole life:
            // only what it used after the start belongs to the window
            for (var e : postgresTicks.entrySet()) {
                if (e.getKey() > 0 && !pgNow.containsKey(e.getKey()) && pgNow.containsKey(-postmaster)) {
                    pgTicks -= e.getValue();
                    pgByKind.merge("exited", -e.getValue(), Long::sum);
                }
            }
            double pgSeconds = pgTicks / 100.0;
            StringBuilder pgKinds = new StringBuilder();
            pgByKind.forEach((kind, used) -> pgKinds.append(String.format(Locale.ROOT, "%s%s %.1f",
                    pgKinds.isEmpty() ? "" : ", ", kind, used / 100.0)));
            StringBuilder vacuums = new StringBuilder();
            autovacuumRuns(database).forEach((table, runs) -> {
                long more = runs - autovacuum.getOrDefault(table, 0L);
                if (more > 0) {
                    vacuums.append(vacuums.isEmpty() ? "" : ", ").append(table.replace(" ", " " + more + "x "));
                }
            });
            System.out.printf(Locale.ROOT, "cpu during %s (%.1f s): machine busy"
                    + " %.1f core-s, this JVM %.1f core-s (broker + consumer; GC pauses %.1f s, JIT %.1f s), PostgreSQL"
                    + " %.1f core-s (%s; autovacuum finished: %s), other processes %.1f core-s; busiest JVM threads:%s%n",
                    span, elapsedSeconds(m), machineSeconds, jvmSeconds, (gcMillis() - gcMillis) / 1000.0,
                    (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitMillis) / 1000.0,
                    pgSeconds, pgKinds, vacuums.isEmpty() ? "none" : vacuums, machineSeconds - jvmSeconds - pgSeconds,
                    top);
        }

        private double elapsedSeconds(long[] now) {
            return (now[2] - machine[2]) / 1e9;
        }

        private static int elapsedCores() {
            return Runtime.getRuntime().availableProcessors();
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** {total jiffies, idle + iowait jiffies, nanoTime} from /proc/stat. */
        private static long[] machineTicks() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5]), System.nanoTime()};
            } catch (Exception e) {
                return new long[] {0, 0, System.nanoTime()};
            }
        }
    }
}
