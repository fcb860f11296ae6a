package io.tickflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sweeps, tasks and progress on the wire: optional in BacktestJob (v1 producers keep working), validated on decode. */
class BacktestSweepEventTest {

    private static final String JOB = """
            {"schemaVersion":1,"eventId":"5e6f7081-92a3-4b4c-95d6-e7f8091a2b3c","eventTime":"2026-11-25T11:00:00Z",
             "ingestTime":"2026-11-25T11:00:00Z","jobId":"6f708192-a3b4-4c5d-a6e7-f8091a2b3c4d",
             "strategyId":"ma-crossover","parameters":{"fast":"5","slow":"20"},"instruments":["BTCUSD"],
             "from":"2026-11-25T00:00:00Z","to":"2026-11-25T11:00:00Z","initialCapital":"10000",
             "requestedBy":"alice"%s}""";

    @Test
    void aJobWithoutASweepIsOneRunOnACpuWorker() {
        BacktestJob job = EventCodec.decode(JOB.formatted(""), BacktestJob.class);
        assertThat(job.sweep()).isNull();
        assertThat(job.workerClassOrDefault()).isEqualTo("cpu");
        assertThat(EventCodec.encode(job)).doesNotContain("sweep").doesNotContain("workerClass");
    }

    @Test
    void sweepsAreValidatedWhenDecoded() {
        BacktestJob job = EventCodec.decode(JOB.formatted(",\"sweep\":{\"mode\":\"GRID\",\"parameters\":"
                + "{\"fast\":{\"from\":\"2\",\"to\":\"10\",\"step\":\"2\"}}}"), BacktestJob.class);
        assertThat(job.sweep().setCount()).isEqualTo(5);
        assertThat(job.sweep().metric()).isEqualTo("sharpe");
        assertThat(job.sweep().parameters().get("fast").value(4)).isEqualTo("10");

        assertThatThrownBy(() -> EventCodec.decode(JOB.formatted(",\"sweep\":{\"mode\":\"GRID\",\"parameters\":"
                + "{\"a\":{\"from\":\"1\",\"to\":\"1000\"},\"b\":{\"from\":\"1\",\"to\":\"1000\"}}}"),
                BacktestJob.class)).isInstanceOf(InvalidEventException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> EventCodec.decode(JOB.formatted(",\"sweep\":{\"mode\":\"RANDOM\",\"parameters\":"
                + "{\"a\":{\"values\":[\"1\"]}}}"), BacktestJob.class))
                .hasMessageContaining("sweep.samples is required");
        assertThatThrownBy(() -> new BacktestSweep.ParameterRange(null, java.math.BigDecimal.ZERO,
                new java.math.BigDecimal("1E+12"), java.math.BigDecimal.ONE)).hasMessageContaining("larger step");
        assertThatThrownBy(() -> EventCodec.decode(JOB.formatted(",\"workerClass\":\"tpu\""), BacktestJob.class))
                .hasMessageContaining("workerClass 'tpu'");
    }

    @Test
    void tasksAreKeyedByTaskIdAndProgressCountsAreConsistent() {
        UUID job = UUID.randomUUID();
        assertThat(BacktestTask.taskId(job, 3)).isEqualTo(BacktestTask.taskId(job, 3))
                .isNotEqualTo(BacktestTask.taskId(job, 4));
        assertThat(Topic.backtestTasks("gpu")).isEqualTo(Topic.BACKTEST_TASKS_GPU);
        java.time.Instant now = java.time.Instant.now();
        assertThatThrownBy(() -> new BacktestProgress(1, UUID.randomUUID(), now, now, job, 2, 2, 1,
                BacktestJobState.RUNNING)).hasMessageContaining("inconsistent");
    }
}
