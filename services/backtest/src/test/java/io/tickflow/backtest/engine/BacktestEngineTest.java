package io.tickflow.backtest.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.domain.strategy.StrategyRunner;
import io.tickflow.events.SignalDirection;
import io.tickflow.events.Tick;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked accounting. Most scenarios use the {@code probe} strategy (everyN=k: LONG on tick k, SHORT on tick
 * 2k, LONG on 3k, ...), whose decisions are known in advance, so every fill, fee and figure below is worked out in
 * the comments and asserted exactly. Prices are whole dollars where it keeps the arithmetic readable.
 */
class BacktestEngineTest {

    private static final Instant D0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final String BTC = "BTCUSD";

    @Test
    void fillsAtAskAndBidAndEveryMetricByHand() {
        // probe everyN=2, 1 BTC per signal, leverage 1, 1000 USD, no latency/slippage/funding, three days
        BacktestEngine engine = engine(settings("2", "1000", Duration.ZERO, CostModel.spreadOnly(
                BigDecimal.ONE, BigDecimal.ONE), 3));
        engine.onTicks(ticks(
                q(h(1), "100", "101"),   // tick 1: nothing
                q(h(2), "100", "101"),   // tick 2: LONG -> buy 1 at the ask 101; cash 899, long marked at bid 100: equity 999
                q(h(25), "110", "111"),  // (midnight D1 sampled first: 999) tick 3: equity 899 + 110 = 1009, new peak
                q(h(26), "120", "121"),  // tick 4: SHORT -> sell 2 at the bid 120: long closed +19, short 1 opened;
                                         //   cash 899 + 240 = 1139, short marked at ask 121: equity 1018, new peak
                q(h(49), "130", "131"),  // (midnight D2: 1018) tick 5: equity 1139 - 131 = 1008
                q(h(50), "90", "91"),    // tick 6: LONG -> buy 2 at 91: short closed 120 - 91 = +29; cash 957, equity 1047
                q(h(51), "80", "81"),    // tick 7: equity 957 + 80 = 1037
                q(h(52), "70", "71")));  // tick 8: SHORT -> sell 2 at 70: long closed 70 - 91 = -21; cash 1097,
                                         //   short marked at 71: equity 1026 (deepest: 1047 -> 1026)
        BacktestReport r = engine.report();

        assertThat(r.ticks()).isEqualTo(8);
        assertThat(r.signals()).isEqualTo(4);
        assertThat(r.fills()).isEqualTo(4);
        assertThat(r.refusedOrders()).isZero();
        assertThat(r.finalEquity()).isEqualByComparingTo("1026");
        assertThat(r.trades()).extracting(Trade::side, t -> t.entryPrice().toPlainString(),
                        t -> t.exitPrice().toPlainString(), t -> t.grossPnl().stripTrailingZeros().toPlainString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SignalDirection.LONG, "101.00", "120.00", "19"),
                        org.assertj.core.groups.Tuple.tuple(SignalDirection.SHORT, "120.00", "91.00", "29"),
                        org.assertj.core.groups.Tuple.tuple(SignalDirection.LONG, "91.00", "70.00", "-21"));
        assertThat(r.trades().get(0).entryTime()).isEqualTo(h(2));
        assertThat(r.trades().get(0).exitTime()).isEqualTo(h(26));
        assertThat(r.trades().get(0).size()).isEqualByComparingTo("1");

        Metrics m = r.metrics();
        // total return: (1026 - 1000) / 1000
        assertThat(m.totalReturn()).isEqualTo(new BigDecimal("0.02600000"));
        // max drawdown: peak 1047 (tick 6) to 1026 (tick 8) = 21 / 1047 = 0.0200573065... (1 - 999/1000 and
        // 10/1018 are smaller)
        assertThat(m.maxDrawdown()).isEqualTo(new BigDecimal("0.02005731"));
        // win rate: 2 of 3 closed trades; profit factor: (19 + 29) / 21 = 2.2857142857...
        assertThat(m.closedTrades()).isEqualTo(3);
        assertThat(m.winRate()).isEqualTo(new BigDecimal("0.66666667"));
        assertThat(m.profitFactor()).isEqualTo(new BigDecimal("2.28571429"));
        // exposure: in the market from D0 02:00 to the end at D3 00:00 = 70 h of 72 h
        assertThat(m.exposure()).isEqualTo(new BigDecimal("0.97222222"));
        // daily equity: D1 00:00 999, D2 00:00 1018, end 1026 -> returns r = -0.001, 0.0190190190..., 0.0078585461...
        // mean 0.0086258551, sample sd (n-1) 0.0100315429, Sharpe = mean / sd * sqrt(365) = 16.42785475
        assertThat(m.sharpe()).isEqualTo(new BigDecimal("16.42785475"));
        // downside deviation sqrt((-0.001)^2 / 3) = 0.0005773503, Sortino = mean / dd * sqrt(365) = 285.43630855
        assertThat(m.sortino()).isEqualTo(new BigDecimal("285.43630855"));
        // CAGR: 1.026^(365/3) - 1 = 21.7123581387 (three days annualised: large by design)
        assertThat(m.cagr()).isEqualTo(new BigDecimal("21.71235814"));
        // Calmar: CAGR / max drawdown = 21.7123581387 / 0.02005731 = 1082.51595746
        assertThat(m.calmar()).isEqualTo(new BigDecimal("1082.51595746"));
        assertThat(r.equityCurve()).filteredOn(p -> p.kind() == EquityPoint.Kind.DAY)
                .extracting(p -> p.equity().stripTrailingZeros().toPlainString()).containsExactly("999", "1018");
    }

    @Test
    void slippageAndLatencyMoveTheFill() {
        // probe everyN=3, 500 ms latency, slippage 0.50 points + 10 bps of the quote (rounded up to the cent)
        CostModel costs = CostModel.spreadOnly(BigDecimal.ONE, BigDecimal.ONE)
                .withSlippage(new BigDecimal("0.50"), BigDecimal.TEN);
        BacktestEngine engine = engine(settings("3", "1000", Duration.ofMillis(500), costs, 1));
        engine.onTicks(ticks(
                q(ms(0), "100.00", "100.40"),
                q(ms(100), "100.00", "100.40"),
                q(ms(1000), "100.00", "100.40"),  // tick 3: LONG decided at 1.0 s, due at 1.5 s
                q(ms(1200), "100.00", "100.40"),  // before due: no fill
                q(ms(1500), "100.00", "100.40"),  // due: buy at ask 100.40 + 0.50 + ceil(100.40 * 10 bps = 0.1004 -> 0.11)
                                                  //   = 101.01
                q(ms(2000), "99.00", "99.50"),    // tick 6: SHORT decided, due 2.5 s
                q(ms(3000), "99.00", "99.50")));  // first quote at/after 2.5 s: sell at bid 99.00 - 0.50 - ceil(0.099 ->
                                                  //   0.10) = 98.40
        BacktestReport r = engine.report();

        assertThat(r.fills()).isEqualTo(2);
        Trade t = r.trades().get(0);
        assertThat(t.entryTime()).isEqualTo(ms(1500));
        assertThat(t.entryPrice()).isEqualTo(new BigDecimal("101.01"));
        assertThat(t.exitTime()).isEqualTo(ms(3000));
        assertThat(t.exitPrice()).isEqualTo(new BigDecimal("98.40"));
        // 98.40 - 101.01
        assertThat(t.grossPnl()).isEqualByComparingTo("-2.61");
        // cash: 1000 - 101.01 + 2 x 98.40 = 1095.79; the short marked at the ask 99.50: equity 996.29
        assertThat(r.finalEquity()).isEqualByComparingTo("996.29");
    }

    @Test
    void overnightFundingForOneAndTwoNights() {
        // probe everyN=1 (LONG, SHORT, LONG), 1 BTC, leverage 2; funding 36.5 %/year long (0.001 a night) and
        // 73 %/year short (0.002 a night); cut-off 22:00 UTC; four days
        CostModel costs = CostModel.spreadOnly(BigDecimal.ONE, BigDecimal.TWO)
                .withFunding(new BigDecimal("0.365"), new BigDecimal("0.73"));
        BacktestEngine engine = engine(settings("1", "1000", Duration.ZERO, costs, 4));
        engine.onTicks(ticks(
                q(h(21), "100", "101"),       // LONG: buy 1 at 101
                                              // D0 22:00 held one night: 1 x mid 100.5 x 0.365 / 365 = 0.1005
                q(h(24 + 21), "110", "112"),  // SHORT: sell 2 at 110: long closed +9 gross, funding -0.1005
                                              // D1 22:00 and D2 22:00, two nights short at the last mid 111:
                                              //   2 x 1 x 111 x 0.73 / 365 = 0.444
                q(h(72 + 21), "120", "121"))); // LONG: buy 2 at 121: short closed 110 - 121 = -11, funding -0.444
                                              // D3 22:00: the new long pays 120.5 x 0.001 = 0.1205
        BacktestReport r = engine.report();

        assertThat(r.trades()).extracting(t -> t.funding().stripTrailingZeros().toPlainString(),
                t -> t.netPnl().stripTrailingZeros().toPlainString()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("-0.1005", "8.8995"),
                org.assertj.core.groups.Tuple.tuple("-0.444", "-11.444"));
        // 0.1005 + 0.444 + 0.1205
        assertThat(r.funding()).isEqualByComparingTo("-0.665");
        // cash 1000 - 101 - 0.1005 + 220 - 0.444 - 242 - 0.1205 = 876.335, long marked at bid 120: 996.335
        assertThat(r.finalEquity()).isEqualByComparingTo("996.335");
    }

    @Test
    void anOrderWhoseMarginExceedsEquityIsRefusedAndCounted() {
        // 100 USD, leverage 2, 1 BTC. LONG at ask 211: margin 211 / 2 = 105.50 > equity after the fill
        // (100 - 211 + 210 = 99): refused. SHORT at bid 150: margin 75 <= 100 + 150 - 151 = 99: filled.
        BacktestEngine engine = engine(settings("1", "100", Duration.ZERO,
                CostModel.spreadOnly(BigDecimal.ONE, BigDecimal.TWO), 1));
        engine.onTicks(ticks(q(h(1), "210", "211"), q(h(2), "150", "151")));
        BacktestReport r = engine.report();

        assertThat(r.signals()).isEqualTo(2);
        assertThat(r.refusedOrders()).isEqualTo(1);
        assertThat(r.fills()).isEqualTo(1);
        assertThat(r.finalEquity()).isEqualByComparingTo("99");
    }

    @Test
    void commissionOnlyWhenConfigured() {
        // 10 bps per fill: buy 1 at 101 pays 0.101, sell 2 at 120 pays 0.24 (0.12 closing, 0.12 opening)
        CostModel costs = CostModel.spreadOnly(BigDecimal.ONE, BigDecimal.ONE).withCommissionBps(BigDecimal.TEN);
        BacktestEngine engine = engine(settings("1", "1000", Duration.ZERO, costs, 1));
        engine.onTicks(ticks(q(h(1), "100", "101"), q(h(2), "120", "121")));
        BacktestReport r = engine.report();

        assertThat(r.commission()).isEqualByComparingTo("0.341");
        // 19 gross - 0.101 entry - 0.12 exit
        assertThat(r.trades().get(0).netPnl()).isEqualByComparingTo("18.779");
    }

    @Test
    void sameInputGivesByteIdenticalReports() {
        CostModel btc = new CostModel(new BigDecimal("0.01"), BigDecimal.TWO, new BigDecimal("0.5"),
                BigDecimal.ONE, new BigDecimal("0.2"), new BigDecimal("0.15"), null);
        CostModel oil = new CostModel(BigDecimal.ONE, BigDecimal.TEN, null, null, new BigDecimal("0.08"),
                new BigDecimal("0.02"), null);
        BacktestSettings s = new BacktestSettings("ma-crossover", Map.of("fast", "5", "slow", "20"),
                List.of(BTC, "OIL_CRUDE"), D0, D0.plus(Duration.ofDays(3)), new BigDecimal("10000"),
                Map.of(BTC, btc, "OIL_CRUDE", oil), Duration.ofMillis(250), null);
        List<Tick> ticks = randomWalk(42, 30_000);

        String first = run(s, ticks);
        String second = run(s, ticks);

        assertThat(second.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(first.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(first).contains("\"closedTrades\"");
        BacktestEngine again = new BacktestEngine(s);
        again.onTicks(TickColumns.of(s.instruments(), ticks));
        assertThat(again.report().trades()).hasSizeGreaterThan(20);
        assertThat(again.report().funding().signum()).isNegative();
    }

    @Test
    void theOneInstrumentLoopAccountsExactlyLikeTheGeneralLoop() {
        // the engine replays a one-instrument run in a loop of its own (state in locals); the same BTCUSD ticks in
        // a run that also lists a silent OIL_CRUDE take the general loop, and every figure, trade and equity point
        // must be the same: latency, slippage, commission, funding over three nights, margin refusals included
        CostModel btc = new CostModel(new BigDecimal("0.01"), BigDecimal.TWO, new BigDecimal("0.5"),
                BigDecimal.ONE, new BigDecimal("0.2"), new BigDecimal("0.15"), null).withCommissionBps(BigDecimal.ONE);
        CostModel oil = CostModel.spreadOnly(BigDecimal.ONE, BigDecimal.TEN);
        List<Tick> ticks = randomWalk(11, 40_000).stream().filter(t -> t.instrument().equals(BTC)).toList();
        for (String capital : List.of("10000", "500")) { // 500 USD: some orders exceed the margin and are refused
            BacktestSettings one = new BacktestSettings("ma-crossover", Map.of("fast", "5", "slow", "20"),
                    List.of(BTC), D0, D0.plus(Duration.ofDays(3)), new BigDecimal(capital), Map.of(BTC, btc),
                    Duration.ofMillis(250), null);
            BacktestSettings two = new BacktestSettings("ma-crossover", Map.of("fast", "5", "slow", "20"),
                    List.of(BTC, "OIL_CRUDE"), D0, D0.plus(Duration.ofDays(3)), new BigDecimal(capital),
                    Map.of(BTC, btc, "OIL_CRUDE", oil), Duration.ofMillis(250), null);

            BacktestReport single = replayInBlocks(one, ticks);
            BacktestReport general = replayInBlocks(two, ticks);

            assertThat(single.toJson()).isEqualTo(general.toJson());
            assertThat(single.trades()).hasSizeGreaterThan(100);
            assertThat(single.funding().signum()).isNegative();
            assertThat(single.refusedOrders() > 0).isEqualTo(capital.equals("500"));
        }
    }

    @Test
    void theDeepestDrawdownIsChosenByExactCrossMultiplication() {
        // amounts are 10^-8 units, so peak x fall exceeds a long for any account over ~1,000 USD: the comparison
        // works in 128 bits and must agree with BigInteger on every case, ties included
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long b = 1 + rnd.nextLong(Long.MAX_VALUE / 2);
            long d = 1 + rnd.nextLong(Long.MAX_VALUE / 2);
            long a = rnd.nextLong(b);
            long c = i % 10 == 0 ? java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(d))
                    .divide(java.math.BigInteger.valueOf(b)).longValue() : rnd.nextLong(d);
            boolean expected = java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
                    .compareTo(java.math.BigInteger.valueOf(c).multiply(java.math.BigInteger.valueOf(d))) > 0;
            assertThat(BacktestEngine.deeper(a, b, c, d)).as("%d*%d > %d*%d", a, b, c, d).isEqualTo(expected);
        }
        assertThat(BacktestEngine.deeper(2, 10, 4, 5)).isFalse(); // equal falls are not deeper
    }

    @Test
    void theEngineSeesTheDecisionsTheLiveRunnerMakes() {
        // the same ticks through the live path (StrategyRunner.onTick -> Signal) and the engine: same number of
        // decisions, and with zero latency each fill happens at a signal's tick
        List<Tick> ticks = randomWalk(7, 5_000).stream().filter(t -> t.instrument().equals(BTC)).toList();
        StrategyRunner live = StrategyRunner.of("ma-crossover", Map.of("fast", "5", "slow", "20"), Clock.systemUTC());
        List<Instant> signalTimes = new ArrayList<>();
        ticks.forEach(t -> live.onTick(t).ifPresent(sig -> signalTimes.add(sig.eventTime())));

        BacktestSettings s = new BacktestSettings("ma-crossover", Map.of("fast", "5", "slow", "20"), List.of(BTC),
                D0, D0.plus(Duration.ofDays(3)), new BigDecimal("1000000"),
                Map.of(BTC, CostModel.spreadOnly(new BigDecimal("0.01"), BigDecimal.TWO)), Duration.ZERO, null);
        BacktestEngine engine = new BacktestEngine(s);
        engine.onTicks(TickColumns.of(s.instruments(), ticks));
        BacktestReport r = engine.report();

        assertThat(r.signals()).isEqualTo(signalTimes.size()).isGreaterThan(10);
        assertThat(r.equityCurve()).filteredOn(p -> p.kind() == EquityPoint.Kind.FILL)
                .extracting(EquityPoint::time).containsExactlyElementsOf(signalTimes);
    }

    @Test
    void ticksOutOfOrderOrRangeAreRejected() {
        BacktestEngine engine = engine(settings("1", "1000", Duration.ZERO,
                CostModel.spreadOnly(BigDecimal.ONE, BigDecimal.ONE), 1));
        engine.onTicks(ticks(q(h(2), "100", "101")));
        assertThatThrownBy(() -> engine.onTicks(ticks(q(h(1), "100", "101")))).hasMessageContaining("out of order");
        assertThatThrownBy(() -> engine.onTicks(ticks(q(h(25), "100", "101")))).hasMessageContaining("range");
    }

    private static String run(BacktestSettings s, List<Tick> ticks) {
        return replayInBlocks(s, ticks).toJson();
    }

    private static BacktestReport replayInBlocks(BacktestSettings s, List<Tick> ticks) {
        BacktestEngine e = new BacktestEngine(s);
        // fed in blocks of 1000, as the worker does
        TickColumns block = new TickColumns(s.instruments(), 1000);
        for (Tick t : ticks) {
            block.add(t);
            if (block.isFull()) {
                e.onTicks(block);
                block.clear();
            }
        }
        e.onTicks(block);
        return e.report();
    }

    /** Two instruments interleaved, a seeded random walk over three days. */
    static List<Tick> randomWalk(long seed, int count) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Tick> out = new ArrayList<>(count);
        long btc = 9_000_000;
        long oil = 7_000;
        long step = Duration.ofDays(3).toNanos() / count;
        for (int i = 0; i < count; i++) {
            Instant t = D0.plusNanos(step * i);
            boolean isBtc = rnd.nextInt(4) != 0;
            if (isBtc) {
                btc += rnd.nextInt(-500, 501);
                out.add(Tick.quote(BTC, "test", BigDecimal.valueOf(btc, 2), BigDecimal.valueOf(btc + 1 + rnd.nextInt(50), 2),
                        t, t));
            } else {
                oil = Math.max(100, oil + rnd.nextInt(-5, 6));
                out.add(Tick.quote("OIL_CRUDE", "test", BigDecimal.valueOf(oil, 2),
                        BigDecimal.valueOf(oil + 3, 2), t, t));
            }
        }
        return out;
    }

    private static BacktestEngine engine(BacktestSettings s) {
        return new BacktestEngine(s);
    }

    private static BacktestSettings settings(String everyN, String capital, Duration latency, CostModel costs, int days) {
        return new BacktestSettings("probe", Map.of("everyN", everyN), List.of(BTC), D0, D0.plus(Duration.ofDays(days)),
                new BigDecimal(capital), Map.of(BTC, costs), latency, null);
    }

    private static Instant h(int hours) {
        return D0.plus(Duration.ofHours(hours));
    }

    private static Instant ms(long millis) {
        return D0.plusMillis(millis);
    }

    private static Tick q(Instant t, String bid, String ask) {
        return Tick.quote(BTC, "test", new BigDecimal(bid), new BigDecimal(ask), t, t);
    }

    private static TickColumns ticks(Tick... ticks) {
        return TickColumns.of(List.of(BTC), List.of(ticks));
    }
}
