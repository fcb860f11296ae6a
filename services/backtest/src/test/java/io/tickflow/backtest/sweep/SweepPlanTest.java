package io.tickflow.backtest.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestSweep;
import io.tickflow.events.BacktestSweep.ParameterRange;
import io.tickflow.events.BacktestTask;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SweepPlanTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-04T00:00:00Z");

    @Test
    void aGridRunsEveryCombinationInAStableOrderOverTheFixedParameters() {
        SweepPlan plan = SweepPlan.of(job(new BacktestSweep(BacktestSweep.Mode.GRID, Map.of(
                "slow", new ParameterRange(null, new BigDecimal("20"), new BigDecimal("60"), new BigDecimal("20")),
                "fast", new ParameterRange(List.of("5", "10"), null, null, null)), null, null, null, null, null, null)));
        assertThat(plan.parameterSets()).extracting(s -> s.get("fast") + "/" + s.get("slow") + "/" + s.get("extra"))
                .containsExactly("5/20/1", "5/40/1", "5/60/1", "10/20/1", "10/40/1", "10/60/1");
        assertThat(plan.firstPhase()).extracting(SweepPlan.PlannedTask::phase).containsOnly(BacktestTask.FULL);
        assertThat(plan.firstPhase()).extracting(SweepPlan.PlannedTask::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(plan.plannedOutOfSample()).isZero();
    }

    @Test
    void randomSamplesDependOnlyOnTheSeed() {
        BacktestSweep seven = random(7L);
        List<Map<String, String>> a = SweepPlan.of(job(seven)).parameterSets();
        assertThat(a).hasSize(20).doesNotHaveDuplicates();
        assertThat(SweepPlan.of(job(seven)).parameterSets()).isEqualTo(a);
        assertThat(SweepPlan.of(job(random(8L))).parameterSets()).isNotEqualTo(a);
        assertThat(a).allSatisfy(s -> assertThat(Integer.parseInt(s.get("fast"))).isBetween(2, 50));
    }

    @Test
    void walkForwardFoldsTuneOnOnePartAndTestOnTheNext() {
        SweepPlan plan = SweepPlan.of(job(new BacktestSweep(BacktestSweep.Mode.GRID, Map.of(
                "fast", new ParameterRange(List.of("5", "10"), null, null, null)), null, null, null, 2, null, 1)));
        Instant day1 = FROM.plusSeconds(86_400);
        Instant day2 = FROM.plusSeconds(2 * 86_400);
        assertThat(plan.folds()).containsExactly(new SweepPlan.Fold(FROM, day1, day1, day2),
                new SweepPlan.Fold(day1, day2, day2, TO));
        assertThat(plan.firstPhase()).hasSize(4).extracting(SweepPlan.PlannedTask::phase)
                .containsOnly(BacktestTask.IN_SAMPLE);
        assertThat(plan.plannedOutOfSample()).isEqualTo(2);
        assertThat(plan.outOfSampleIndex(1, 0)).isEqualTo(5);

        SweepPlan oos = SweepPlan.of(job(new BacktestSweep(BacktestSweep.Mode.GRID, Map.of(
                "fast", new ParameterRange(List.of("5"), null, null, null)), null, null, new BigDecimal("0.25"), null,
                null, null)));
        assertThat(oos.folds()).containsExactly(new SweepPlan.Fold(FROM, FROM.plusSeconds(3 * 86_400 * 3 / 4),
                FROM.plusSeconds(3 * 86_400 * 3 / 4), TO));
    }

    @Test
    void invalidSweepsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new BacktestSweep(BacktestSweep.Mode.GRID, Map.of(
                "a", new ParameterRange(null, BigDecimal.ONE, new BigDecimal("200"), null),
                "b", new ParameterRange(null, BigDecimal.ONE, new BigDecimal("200"), null)),
                null, null, null, null, null, null)).hasMessageContaining("more than 10000");
        assertThatThrownBy(() -> new ParameterRange(null, BigDecimal.TEN, BigDecimal.ONE, null))
                .hasMessageContaining("below");
        assertThatThrownBy(() -> new BacktestSweep(BacktestSweep.Mode.GRID, Map.of("a",
                new ParameterRange(List.of("1"), null, null, null)), null, null, new BigDecimal("0.3"), 2, null,
                null)).hasMessageContaining("either");
        assertThatThrownBy(() -> SweepPlan.of(new BacktestJob(BacktestJob.SCHEMA_VERSION, UUID.randomUUID(), FROM,
                FROM, UUID.randomUUID(), "ma-crossover", Map.of(), List.of("BTCUSD"), FROM, FROM.plusMillis(3),
                new BigDecimal("10000"), "test", new BacktestSweep(BacktestSweep.Mode.GRID, Map.of("a",
                        new ParameterRange(List.of("1"), null, null, null)), null, null, null, 5, null, null), null)))
                .hasMessageContaining("too short");
    }

    private static BacktestSweep random(long seed) {
        return new BacktestSweep(BacktestSweep.Mode.RANDOM, Map.of(
                "fast", new ParameterRange(null, new BigDecimal("2"), new BigDecimal("50"), null),
                "slow", new ParameterRange(null, new BigDecimal("60"), new BigDecimal("200"), new BigDecimal("10"))),
                20, seed, null, null, null, null);
    }

    private static BacktestJob job(BacktestSweep sweep) {
        return new BacktestJob(BacktestJob.SCHEMA_VERSION, UUID.randomUUID(), FROM, FROM, UUID.randomUUID(),
                "ma-crossover", Map.of("extra", "1"), List.of("BTCUSD"), FROM, TO, new BigDecimal("10000"), "test",
                sweep, null);
    }
}
