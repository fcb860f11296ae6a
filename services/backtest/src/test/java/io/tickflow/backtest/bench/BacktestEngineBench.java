package io.tickflow.backtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.backtest.engine.BacktestEngine;
import io.tickflow.backtest.engine.BacktestReport;
import io.tickflow.backtest.engine.BacktestSettings;
import io.tickflow.backtest.engine.CostModel;
import io.tickflow.backtest.engine.TickColumns;
import io.tickflow.backtest.job.TickReplay;
import io.tickflow.testkit.TestPostgres;
import io.tickflow.tickstore.TickRepository;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code make bench-backtest}: in one run, (1) the engine with the reference ma-crossover(fast=5,slow=20) over ticks
 * held in memory, one thread, (2) the bare-loop limit: the same moving averages over the same ticks in primitive
 * arrays, no engine, (3) end to end from PostgreSQL: N stored ticks streamed by the worker's path (TickRepository
 * cursor -> TickReplay -> engine), (4) a sweep of 200 parameter sets on one worker thread, then two. Prints one line
 * {@code engine_ticks_per_s_per_core=… bare_loop_ticks_per_s=… engine_vs_bare=… pg_ticks_per_s=…
 * sweep_speedup_2_workers=… heap_max_mb=…}. Engine, bare loop and strategy are timed in thread CPU time (per core,
 * robust to other load); PostgreSQL and the sweep in wall-clock time. Plain harness (warm-up rounds, then the median of timed rounds), not
 * JMH: the PostgreSQL and sweep phases are not microbenchmarks, and one JVM keeps the heap high-water mark honest.
 * Not part of {@code make test}: runs only with {@code -Dtickflow.bench=true}.
 */
@EnabledIfSystemProperty(named = "tickflow.bench", matches = "true")
class BacktestEngineBench {

    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final String BTC = "BTCUSD";
    private static final int FAST = 5;
    private static final int SLOW = 20;

    private final int memTicks = Integer.getInteger("bench.ticks", 4_000_000);
    private final int rounds = Integer.getInteger("bench.rounds", 7);
    private final int pgTicks = Integer.getInteger("bench.pgTicks", 2_000_000);
    private final int sweepTicks = Integer.getInteger("bench.sweepTicks", 500_000);
    private final int sweepSets = Integer.getInteger("bench.sweepSets", 200);
    private final int fetchSize = Integer.getInteger("bench.fetchSize", 10000);

    @Test
    void run() throws Exception {
        say("machine load: %s, cpus: %d, max heap %d MB", loadAverage(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        TickColumns ticks = randomWalk(memTicks, 1);
        Duration span = Duration.ofSeconds(memTicks + 1L);

        // (1) the engine and (2) the bare loop over the same arrays, one thread, their rounds alternating: each
        // engine round is followed by a bare round, so a noisy stretch of the shared host (which moves either figure
        // by a third on its own) falls on both sides of the ratio instead of on one
        long[] signals = new long[1];
        long[] reportNanos = new long[1];
        long[] bareCrossings = new long[1];
        double[] both = medians(rounds, () -> {
            BacktestEngine e = new BacktestEngine(settings(FAST, SLOW, span));
            long start = cpuNanos();
            e.onTicks(ticks);
            long replayed = cpuNanos();
            BacktestReport r = e.report();
            long nanos = cpuNanos() - start;
            reportNanos[0] = nanos - (replayed - start);
            signals[0] = r.signals();
            return memTicks * 1e9 / nanos;
        }, () -> {
            long start = cpuNanos();
            bareCrossings[0] = bareLoop(ticks, FAST, SLOW);
            return memTicks * 1e9 / (cpuNanos() - start);
        });
        double engine = both[0];
        double bare = both[1];
        say("engine: %,.0f ticks/s on one thread (ma-crossover(fast=%d,slow=%d), %,d ticks, %,d signals; the report"
                + " took %.1f ms of the run)", engine, FAST, SLOW, memTicks, signals[0], reportNanos[0] / 1e6);
        say("bare loop: %,.0f ticks/s (%,d crossings; the engine saw %,d signals)", bare, bareCrossings[0], signals[0]);
        assertThat(bareCrossings[0]).as("the bare loop computes the same averages").isEqualTo(signals[0]);

        // where the engine's time goes: the strategy alone over the same columns (no accounting)
        double strategyAlone = median(rounds, () -> {
            io.tickflow.domain.strategy.Strategy strategy = io.tickflow.domain.strategy.StrategyFactory
                    .supplier("ma-crossover", Map.of("fast", "" + FAST, "slow", "" + SLOW)).get();
            long[] time = ticks.timeNanos();
            long[] bid = ticks.bidUnits();
            long[] ask = ticks.askUnits();
            long decisions = 0;
            long start = cpuNanos();
            for (int i = 0; i < memTicks; i++) {
                if (strategy.onQuote(time[i], bid[i], ask[i]).isPresent()) {
                    decisions++;
                }
            }
            long nanos = cpuNanos() - start;
            assertThat(decisions).isEqualTo(signals[0]);
            return memTicks * 1e9 / nanos;
        });
        say("strategy alone (no engine): %,.0f ticks/s; per tick: bare %.1f ns, strategy %.1f ns, engine %.1f ns",
                strategyAlone, 1e9 / bare, 1e9 / strategyAlone, 1e9 / engine);

        // (3) PostgreSQL -> engine, the worker's path
        double pg = fromPostgres();

        // (4) a sweep of parameter sets, one worker thread vs two
        TickColumns sweepData = randomWalk(sweepTicks, 2);
        List<int[]> sets = new ArrayList<>();
        for (int fast = 2; sets.size() < sweepSets; fast++) {
            for (int k = 1; k <= 10 && sets.size() < sweepSets; k++) {
                sets.add(new int[] {fast, fast + 5 * k});
            }
        }
        sweep(sweepData, sets.subList(0, Math.min(20, sets.size())), 2); // warm-up
        // the median of three alternating rounds each: a sweep takes about a second, so one round is at the mercy of
        // a single GC or a host hiccup, as every other figure here would be without its rounds
        double[] ones = new double[3];
        double[] twos = new double[3];
        for (int r = 0; r < 3; r++) {
            ones[r] = sweep(sweepData, sets, 1);
            twos[r] = sweep(sweepData, sets, 2);
        }
        Arrays.sort(ones);
        Arrays.sort(twos);
        double one = ones[1];
        double two = twos[1];
        double speedup = one / two;
        say("sweep of %d sets over %,d ticks (median of 3 rounds): 1 worker %.2f s, 2 workers %.2f s, speed-up %.2f", sets.size(),
                sweepTicks, one, two, speedup);

        long heapMb = heapHighWaterMb();
        say("heap high-water mark: %d MB (the %,d in-memory ticks take %d MB of it)", heapMb, memTicks,
                (long) memTicks * 28 >> 20);
        say("machine load after: %s", loadAverage());
        System.out.printf("engine_ticks_per_s_per_core=%.0f bare_loop_ticks_per_s=%.0f engine_vs_bare=%.3f"
                + " pg_ticks_per_s=%.0f sweep_speedup_2_workers=%.2f heap_max_mb=%d%n", engine, bare, engine / bare, pg,
                speedup, heapMb);
    }

    private double fromPostgres() throws Exception {
        TestPostgres.Database db = TestPostgres.createDatabase("backtest_bench");
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("market_data")
                .locations(TickRepository.MIGRATIONS).load().migrate();
        long insertStart = System.nanoTime();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // server-side generation: a deterministic oscillation with a drift, one tick per 100 ms
            st.execute("INSERT INTO market_data.ticks (instrument, event_time, event_id, source, bid, ask, ingest_time)"
                    + " SELECT 'BTCUSD', ts, md5(i::text)::uuid, 'bench', b, b + 0.5, ts FROM ("
                    + "  SELECT i, timestamptz '2026-01-05 00:00:00+00' + i * interval '100 milliseconds' AS ts,"
                    + "   round((90000 + 400 * sin(i / 3000.0) + 50 * sin(i / 17.0))::numeric, 2) AS b"
                    + "  FROM generate_series(0, " + (pgTicks - 1) + ") AS i) g");
            st.execute("ANALYZE market_data.ticks");
        }
        say("PostgreSQL: %,d ticks stored in %.1f s (server-side generate_series)", pgTicks,
                (System.nanoTime() - insertStart) / 1e9);
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.mutiny.sqlclient.Pool pool = io.vertx.mutiny.sqlclient.Pool.newInstance(PgBuilder.pool()
                    .connectingTo(new PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(db.name())
                            .setUser(db.user()).setPassword(db.password()))
                    .with(new PoolOptions().setMaxSize(2)).using(vertx).build());
            TickRepository repository = new TickRepository(pool);
            Instant to = T0.plus(Duration.ofMillis(100L * pgTicks));
            double best = 0;
            for (int round = 0; round < 5; round++) { // the first rounds warm the JIT and the page cache
                BacktestEngine engine = new BacktestEngine(settings(FAST, SLOW, Duration.between(T0, to)));
                long start = System.nanoTime();
                BacktestReport r = TickReplay.replayPages(repository.pages(List.of(BTC), T0, to, fetchSize), engine,
                        List.of(BTC)).await().atMost(Duration.ofMinutes(10));
                double rate = pgTicks * 1e9 / (System.nanoTime() - start);
                assertThat(r.ticks()).isEqualTo(pgTicks);
                say("PostgreSQL -> engine, round %d: %,.0f ticks/s (%,d signals, pages of %d rows)", round + 1, rate,
                        r.signals(), fetchSize);
                best = round == 0 ? 0 : Math.max(best, rate);
            }
            pool.closeAndAwait();
            return best;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** Wall-clock seconds to run every set once over the ticks on {@code workers} threads sharing one queue. */
    private double sweep(TickColumns ticks, List<int[]> sets, int workers) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Duration span = Duration.ofSeconds(ticks.size() + 1L);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("sweep-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < sets.size(); i = next.getAndIncrement()) {
                    BacktestEngine e = new BacktestEngine(settings(sets.get(i)[0], sets.get(i)[1], span));
                    e.onTicks(ticks);
                    e.report();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The limit: the same simple moving averages of bid+ask over the same primitive arrays, compared the same way,
     * counting the crossings; no strategy object, no accounting.
     */
    static long bareLoop(TickColumns ticks, int fast, int slow) {
        long[] bid = ticks.bidUnits();
        long[] ask = ticks.askUnits();
        long[] ring = new long[slow];
        long fastSum = 0;
        long slowSum = 0;
        int next = 0;
        int fastOut = slow - fast;
        int side = 0;
        long crossings = 0;
        for (int i = 0, n = ticks.size(); i < n; i++) {
            long m = bid[i] + ask[i];
            if (i >= fast) {
                fastSum -= ring[fastOut];
            }
            if (i >= slow) {
                slowSum -= ring[next];
            }
            ring[next] = m;
            fastSum += m;
            slowSum += m;
            if (++next == slow) {
                next = 0;
            }
            if (++fastOut == slow) {
                fastOut = 0;
            }
            if (i + 1 >= slow) {
                int cmp = Long.compare(fastSum * slow, slowSum * fast);
                if (cmp != 0 && cmp != side) {
                    side = cmp;
                    crossings++;
                }
            }
        }
        return crossings;
    }

    private static BacktestSettings settings(int fast, int slow, Duration span) {
        return new BacktestSettings("ma-crossover", Map.of("fast", Integer.toString(fast), "slow",
                Integer.toString(slow)), List.of(BTC), T0, T0.plus(span), new BigDecimal("1000000"),
                Map.of(BTC, new CostModel(new BigDecimal("0.01"), BigDecimal.TWO, null, null, new BigDecimal("0.2"),
                        new BigDecimal("0.15"), null)), Duration.ZERO, null);
    }

    /** A seeded random walk of BTCUSD around 90,000.00, one tick a second, spread 0.01 to 0.50. */
    private static TickColumns randomWalk(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TickColumns c = new TickColumns(List.of(BTC), count);
        long price = 9_000_000;
        long t0 = T0.getEpochSecond() * 1_000_000_000L;
        for (int i = 0; i < count; i++) {
            price += rnd.nextInt(-300, 301);
            c.add(t0 + i * 1_000_000_000L, 0, price, price + 1 + rnd.nextInt(50));
        }
        return c;
    }

    /**
     * CPU time of this thread: "per core" figures divide by it, so other processes competing for the two cores (other
     * builds on a shared machine) do not count against the engine. The sweep's speed-up is wall-clock by nature.
     */
    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private interface Round {
        double run() throws Exception;
    }

    /** Medians of two measurements taken in alternating rounds (after three warm-up rounds of each). */
    private static double[] medians(int rounds, Round a, Round b) throws Exception {
        for (int i = 0; i < 3; i++) {
            a.run();
            b.run();
        }
        double[] as = new double[rounds];
        double[] bs = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            as[i] = a.run();
            bs[i] = b.run();
        }
        Arrays.sort(as);
        Arrays.sort(bs);
        return new double[] {as[rounds / 2], bs[rounds / 2]};
    }

    private static double median(int rounds, Round round) throws Exception {
        for (int i = 0; i < 3; i++) {
            round.run(); // warm-up: C2 compiles the loop
        }
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            rates[i] = round.run();
        }
        Arrays.sort(rates);
        return rates[rounds / 2];
    }

    private static long heapHighWaterMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void say(String format, Object... args) {
        System.out.println("bench: " + String.format(format, args));
    }
}
