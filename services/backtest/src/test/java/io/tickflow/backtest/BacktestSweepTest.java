package io.tickflow.backtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.http.ContentType;
import io.tickflow.backtest.job.BacktestOutbox;
import io.tickflow.backtest.job.BacktestRepository;
import io.tickflow.backtest.job.TaskWorker;
import io.tickflow.messaging.DeadLetters;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestJobState;
import io.tickflow.events.BacktestSweep;
import io.tickflow.events.BacktestProgress;
import io.tickflow.events.BacktestTask;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TestKafka;
import io.tickflow.testkit.TickflowTestResource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sweeps on Kafka: a job split into tasks that workers take from the tasks topic, results stored once per task, the
 * job completed once with its best set, progress events, cancellation, a crashed worker's task redone after its
 * lease, walk-forward, and exports.
 */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class BacktestSweepTest {

    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    @InjectTestContext
    TestContext ctx;

    @Inject
    BacktestRepository repository;

    @Inject
    Pool pool;

    @Inject
    DeadLetters deadLetters;

    @Inject
    BacktestOutbox outbox;

    @Inject
    BacktestConfig config;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void storeTicks() throws Exception {
        // zig-zag legs of 50 s, uneven heights so the parameter sets really differ
        StoredTicks.store(ctx.database(), "tick", T0, Duration.ofSeconds(1), 300, i -> {
            int leg = (i / 50) % 2 == 0 ? i % 50 : 50 - i % 50;
            return new BigDecimal(90000 + leg * (10 + i / 100 * 7));
        });
    }

    @Test
    void gridSweepIsSplitIntoTasksAndCompletesOnceWithTheBestSet() throws Exception {
        Map<String, Object> sweep = Map.of("mode", "GRID", "metric", "totalReturn", "parameters", Map.of(
                "fast", Map.of("values", List.of("3", "5")), "slow", Map.of("from", "10", "to", "20", "step", "10")));
        String jobId = submit(request(sweep, null)).getString("jobId");
        JsonPath job = awaitState(jobId, "COMPLETED");

        List<Map<String, Object>> tasks = given().get("/api/backtests/" + jobId + "/tasks").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(tasks).hasSize(4);
        assertThat(tasks).extracting(t -> t.get("state")).containsOnly("DONE");
        assertThat(tasks).extracting(t -> ((Map<?, ?>) t.get("parameters")).get("fast") + "/"
                + ((Map<?, ?>) t.get("parameters")).get("slow")).containsExactly("3/10", "3/20", "5/10", "5/20");
        Map<String, Object> best = tasks.stream().max(Comparator.comparing((Map<String, Object> t) ->
                new BigDecimal((String) ((Map<?, ?>) t.get("result")).get("totalReturn")))
                .thenComparing(t -> -((Number) t.get("index")).intValue())).orElseThrow();
        assertThat(job.getMap("summary.bestParameters")).isEqualTo(best.get("parameters"));
        assertThat(job.getString("result.totalReturn"))
                .isEqualTo(((Map<?, ?>) best.get("result")).get("totalReturn"));
        assertThat(job.getInt("progress.tasksDone")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM backtest.results WHERE job_id = '" + jobId + "'")).isEqualTo(1);

        // progress: in order, ending at the total with the job completed
        List<BacktestProgress> progress = progressOf(jobId, l -> l.stream().anyMatch(p -> p.state().finished()));
        assertThat(progress).extracting(p -> p.tasksDone() + p.tasksFailed()).isSorted();
        assertThat(progress.get(0).tasksDone()).isZero();
        assertThat(progress.get(progress.size() - 1)).satisfies(p -> {
            assertThat(p.state()).isEqualTo(BacktestJobState.COMPLETED);
            assertThat(p.tasksDone()).isEqualTo(4).isEqualTo(p.tasksTotal());
        });

        // exports: the best task's stored trades as CSV with a header, and as JSON
        String csv = given().queryParam("format", "csv").get("/api/backtests/" + jobId + "/trades").then()
                .statusCode(200).contentType(containsCsv()).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("instrument,side,entryTime,entryPrice,exitTime,exitPrice,size,grossPnl,"
                + "funding,commission,netPnl");
        int closed = ((Number) ((Map<?, ?>) best.get("result")).get("closedTrades")).intValue();
        assertThat(closed).isPositive();
        assertThat(lines).hasSize(closed + 1);
        assertThat(lines.get(1)).startsWith("BTCUSD,");
        BigDecimal net = lines.stream().skip(1).map(l -> new BigDecimal(l.substring(l.lastIndexOf(',') + 1)))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(net).isNotZero();
        given().accept("text/csv").get("/api/backtests/" + jobId + "/equity").then().statusCode(200)
                .contentType(containsCsv());
        List<Map<String, String>> equity = given().get("/api/backtests/" + jobId + "/equity").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(equity).extracting(e -> e.get("kind")).contains("END");
        assertThat(equity.size()).isLessThanOrEqualTo(closed + 3); // bounded: exits, midnights, the end

        given().delete("/api/backtests/" + jobId).then().statusCode(409).contentType("application/problem+json");

        // list and compare
        assertThat(given().get("/api/backtests?limit=5").then().statusCode(200).extract().jsonPath()
                .getList("jobId", String.class)).contains(jobId);
        assertThat(given().get("/api/backtests/compare?ids=" + jobId).then().statusCode(200).extract().jsonPath()
                .getString("[0].metrics.totalReturn")).isEqualTo(job.getString("result.totalReturn"));

        // the same task delivered again stores nothing more
        ConsumerRecord<String, String> first = ctx.kafka().awaitRecords(Topic.BACKTEST_TASKS_CPU,
                Duration.ofSeconds(30), l -> l.stream().anyMatch(r -> r.value().contains(jobId))).stream()
                .filter(r -> r.value().contains(jobId)).findFirst().orElseThrow();
        BacktestTask task = EventCodec.decode(first.value(), BacktestTask.class);
        String finishedBefore = scalar("SELECT finished_at::text FROM backtest.tasks WHERE task_id = '"
                + task.taskId() + "'");
        long tradesBefore = count("SELECT count(*) FROM backtest.task_trades WHERE task_id = '" + task.taskId() + "'");
        ctx.kafka().sendRaw(first.topic(), first.key(), first.value(), Map.of());
        awaitConsumed(first.topic(), first.partition());
        assertThat(scalar("SELECT finished_at::text FROM backtest.tasks WHERE task_id = '" + task.taskId() + "'"))
                .isEqualTo(finishedBefore);
        assertThat(count("SELECT count(*) FROM backtest.task_trades WHERE task_id = '" + task.taskId() + "'"))
                .isEqualTo(tradesBefore);
        assertThat(count("SELECT attempts FROM backtest.tasks WHERE task_id = '" + task.taskId() + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM backtest.results WHERE job_id = '" + jobId + "'")).isEqualTo(1);
    }

    @Test
    void walkForwardRunsTheBestInSampleSetOutOfSample() {
        Map<String, Object> sweep = Map.of("mode", "GRID", "metric", "totalReturn", "outOfSampleFraction", "0.3",
                "parameters", Map.of("fast", Map.of("values", List.of("3", "5")), "slow", Map.of("values",
                        List.of("10"))));
        JsonPath submitted = submit(request(sweep, null));
        assertThat(submitted.getInt("tasks")).isEqualTo(3);
        String jobId = submitted.getString("jobId");
        JsonPath job = awaitState(jobId, "COMPLETED");

        List<Map<String, Object>> tasks = given().get("/api/backtests/" + jobId + "/tasks").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(tasks).extracting(t -> t.get("phase")).containsExactly("IN_SAMPLE", "IN_SAMPLE", "OUT_OF_SAMPLE");
        Map<String, Object> bestIn = tasks.stream().filter(t -> "IN_SAMPLE".equals(t.get("phase")))
                .max(Comparator.comparing((Map<String, Object> t) ->
                        new BigDecimal((String) ((Map<?, ?>) t.get("result")).get("totalReturn")))
                        .thenComparing(t -> -((Number) t.get("index")).intValue())).orElseThrow();
        Map<String, Object> oos = tasks.get(2);
        assertThat(oos.get("parameters")).isEqualTo(bestIn.get("parameters"));
        assertThat(oos.get("from")).isEqualTo(T0.plusSeconds(210).toString());
        assertThat(oos.get("to")).isEqualTo(T0.plusSeconds(300).toString());
        assertThat(tasks.get(0).get("to")).isEqualTo(T0.plusSeconds(210).toString());
        // the job's figures are the out-of-sample run's: 90 of the 300 ticks
        assertThat(job.getLong("result.eventsProcessed")).isEqualTo(90);
        assertThat(job.getList("summary.outOfSample")).hasSize(1);
        assertThat(job.getString("summary.outOfSample[0].outOfSampleTotalReturn"))
                .isEqualTo(((Map<?, ?>) oos.get("result")).get("totalReturn"));
        assertThat(job.getInt("progress.tasksTotal")).isEqualTo(3);
    }

    @Test
    void cancelledJobsTasksAreSkippedByWorkers() throws Exception {
        // gpu tasks: no gpu worker runs here, so they wait until the test hands them to a (cpu) worker
        Map<String, Object> sweep = Map.of("mode", "GRID", "parameters", Map.of(
                "fast", Map.of("values", List.of("3", "5")), "slow", Map.of("values", List.of("10", "20"))));
        String jobId = submit(request(sweep, "gpu")).getString("jobId");
        List<ConsumerRecord<String, String>> gpuTasks = ctx.kafka().awaitRecords(Topic.BACKTEST_TASKS_GPU,
                Duration.ofSeconds(30), l -> l.stream().filter(r -> r.value().contains(jobId)).count() == 4);

        given().delete("/api/backtests/" + jobId).then().statusCode(200).body("progress.state",
                org.hamcrest.Matchers.equalTo("CANCELLED"));
        // cancelling again is harmless (idempotent), cancelling a finished job is a conflict
        given().delete("/api/backtests/" + jobId).then().statusCode(200);

        for (ConsumerRecord<String, String> r : gpuTasks) {
            ctx.kafka().sendRaw(ctx.topic(Topic.BACKTEST_TASKS_CPU), r.key(), r.value(), Map.of());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM backtest.tasks WHERE job_id = '"
                + jobId + "' AND state = 'SKIPPED'") == 4);
        assertThat(count("SELECT count(*) FROM backtest.task_trades t JOIN backtest.tasks k USING (task_id)"
                + " WHERE k.job_id = '" + jobId + "'")).isZero();
        JsonPath job = given().get("/api/backtests/" + jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("status")).isEqualTo("CANCELLED");
        assertThat(job.getInt("progress.tasksDone")).isZero();
        List<BacktestProgress> progress = progressOf(jobId, l -> l.stream().anyMatch(p -> p.state().finished()));
        assertThat(progress.get(progress.size() - 1).state()).isEqualTo(BacktestJobState.CANCELLED);
    }

    @Test
    void taskOfACrashedWorkerIsRedoneAfterItsLease() throws Exception {
        String jobId = jobWithItsTaskHeldByACrashedCpuWorker();
        String definition = scalar("SELECT definition::text FROM backtest.tasks WHERE job_id = '" + jobId + "'");
        BacktestTask task = EventCodec.decode(definition, BacktestTask.class);
        // Kafka redelivers the uncommitted record to a live worker while the lease still holds: it must not run it
        ctx.kafka().send(Topic.BACKTEST_TASKS_CPU, task);

        JsonPath job = awaitState(jobId, "COMPLETED");
        assertThat(job.getLong("result.eventsProcessed")).isEqualTo(300);
        assertThat(count("SELECT attempts FROM backtest.tasks WHERE job_id = '" + jobId + "'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM backtest.results WHERE job_id = '" + jobId + "'")).isEqualTo(1);
    }

    @Test
    void aCancelledJobsTaskHeldByADeadWorkerIsSkippedWhenItsLeaseRunsOut() throws Exception {
        String jobId = jobWithItsTaskHeldByACrashedCpuWorker();
        given().delete("/api/backtests/" + jobId).then().statusCode(200);

        // nobody redoes it (the job is cancelled), nobody finishes it (its worker is dead): the reaper skips it
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM backtest.tasks WHERE job_id = '"
                + jobId + "' AND state = 'SKIPPED' AND lease_owner IS NULL AND finished_at IS NOT NULL") == 1);
        assertThat(given().get("/api/backtests/" + jobId).then().extract().jsonPath().getString("status"))
                .isEqualTo("CANCELLED");
    }

    /**
     * A one-task job whose task a cpu worker claimed before it died (the test's gpu job: no worker of this application
     * takes it by itself); the lease runs out in a second.
     */
    private String jobWithItsTaskHeldByACrashedCpuWorker() throws Exception {
        String jobId = submit(request(null, "gpu")).getString("jobId");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM backtest.tasks WHERE job_id = '"
                + jobId + "'") == 1);
        try (Connection c = ctx.database().connect()) {
            c.createStatement().executeUpdate("UPDATE backtest.tasks SET state = 'RUNNING', lease_owner = 'crashed',"
                    + " lease_until = now() + interval '1 second', attempts = 1, worker_class = 'cpu',"
                    + " definition = jsonb_set(definition, '{workerClass}', '\"cpu\"') WHERE job_id = '" + jobId + "'");
        }
        return jobId;
    }

    @Test
    void twoWorkersFinishingTheLastTasksTogetherCompleteTheJobOnce() throws Exception {
        // gpu tasks: no worker of this application takes them; two workers made here run both at the same time
        Map<String, Object> sweep = Map.of("mode", "GRID", "parameters", Map.of(
                "fast", Map.of("values", List.of("3", "5")), "slow", Map.of("values", List.of("10"))));
        String jobId = submit(request(sweep, "gpu")).getString("jobId");
        List<BacktestTask> tasks = new ArrayList<>();
        try (Connection c = ctx.database().connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT definition::text FROM backtest.tasks WHERE job_id = '" + jobId + "' ORDER BY idx")) {
            while (rs.next()) {
                tasks.add(EventCodec.decode(rs.getString(1), BacktestTask.class));
            }
        }
        assertThat(tasks).hasSize(2);
        TaskWorker first = new TaskWorker(repository, pool, deadLetters, outbox, config, registry);
        TaskWorker second = new TaskWorker(repository, pool, deadLetters, outbox, config, registry);
        io.smallrye.mutiny.Uni.join().all(first.run(tasks.get(0)), second.run(tasks.get(1))).andFailFast()
                .await().atMost(Duration.ofSeconds(60));

        assertThat(given().get("/api/backtests/" + jobId).then().extract().jsonPath().getString("status"))
                .isEqualTo("COMPLETED");
        assertThat(count("SELECT count(*) FROM backtest.results WHERE job_id = '" + jobId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM backtest.outbox WHERE topic = 'tickflow.backtest.results.v1'"
                + " AND record_key = '" + jobId + "'")).isEqualTo(1);
        List<BacktestProgress> progress = progressOf(jobId, l -> l.stream().anyMatch(p -> p.state().finished()));
        assertThat(progress).filteredOn(p -> p.state() == BacktestJobState.COMPLETED).hasSize(1);
        assertThat(progress).extracting(p -> p.tasksDone()).containsExactly(0, 1, 2);
    }

    @Test
    void sweepProducedStraightToKafkaIsSplitOnceByAWorker() throws Exception {
        UUID jobId = UUID.randomUUID();
        BacktestSweep sweep = new BacktestSweep(BacktestSweep.Mode.RANDOM, Map.of(
                "fast", new BacktestSweep.ParameterRange(null, new BigDecimal("2"), new BigDecimal("6"), null),
                "slow", new BacktestSweep.ParameterRange(List.of("10", "20"), null, null, null)),
                3, 7L, null, null, "totalReturn", null);
        Instant now = Instant.now();
        // delivered twice (a producer retry, or a redelivery after a rebalance): split once
        for (int i = 0; i < 2; i++) {
            ctx.kafka().send(Topic.BACKTEST_JOBS, new BacktestJob(BacktestJob.SCHEMA_VERSION, UUID.randomUUID(), now,
                    now, jobId, "ma-crossover", Map.of(), List.of("BTCUSD"), T0, T0.plusSeconds(300),
                    new BigDecimal("10000"), "kcat", sweep, null));
        }
        JsonPath job = awaitState(jobId.toString(), "COMPLETED");
        assertThat(job.getInt("progress.tasksTotal")).isEqualTo(3);
        List<Map<String, Object>> tasks = given().get("/api/backtests/" + jobId + "/tasks").then().statusCode(200)
                .extract().jsonPath().getList("parameters");
        assertThat(tasks).hasSize(3).doesNotHaveDuplicates();
        List<BacktestProgress> progress = progressOf(jobId.toString(), l -> l.stream().anyMatch(p -> p.state()
                .finished()));
        assertThat(progress).filteredOn(p -> p.tasksDone() == 0).hasSize(1);
        assertThat(count("SELECT count(*) FROM backtest.outbox WHERE record_key = '" + jobId
                + "' AND topic = 'tickflow.backtest.progress.v1'")).isEqualTo(1 + 3); // one split, one per task
    }

    @Test
    void badSweepsAreProblemDetails() {
        Map<String, Object> tooBig = Map.of("mode", "GRID", "parameters", Map.of(
                "fast", Map.of("from", "1", "to", "200"), "slow", Map.of("from", "1", "to", "200")));
        given().contentType(ContentType.JSON).body(request(tooBig, null)).post("/api/backtests").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("10000"));
        Map<String, Object> badMetric = Map.of("mode", "RANDOM", "samples", 5, "metric", "luck", "parameters",
                Map.of("fast", Map.of("from", "2", "to", "9")));
        given().contentType(ContentType.JSON).body(request(badMetric, null)).post("/api/backtests").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("luck"));
    }

    private static Map<String, Object> request(Map<String, Object> sweep, String workerClass) {
        Map<String, Object> r = new java.util.HashMap<>(Map.of("strategy", "ma-crossover", "parameters",
                Map.of("fast", "3", "slow", "10"), "instruments", List.of("BTCUSD"), "from", T0.toString(), "to",
                T0.plusSeconds(300).toString()));
        if (sweep != null) {
            r.put("sweep", sweep);
        }
        if (workerClass != null) {
            r.put("workerClass", workerClass);
        }
        return r;
    }

    private static JsonPath submit(Map<String, Object> request) {
        return given().contentType(ContentType.JSON).body(request).post("/api/backtests").then().statusCode(202)
                .extract().jsonPath();
    }

    private static JsonPath awaitState(String jobId, String state) {
        await().atMost(Duration.ofSeconds(60)).until(
                () -> state.equals(given().get("/api/backtests/" + jobId).then().extract().path("status")));
        return given().get("/api/backtests/" + jobId).then().statusCode(200).extract().jsonPath();
    }

    private List<BacktestProgress> progressOf(String jobId,
            java.util.function.Predicate<List<BacktestProgress>> until) {
        List<BacktestProgress> out = new ArrayList<>();
        ctx.kafka().awaitEvents(Topic.BACKTEST_PROGRESS, BacktestProgress.class, Duration.ofSeconds(30), l -> {
            out.clear();
            l.stream().filter(p -> p.jobId().toString().equals(jobId)).forEach(out::add);
            return until.test(out);
        });
        return out;
    }

    /** Waits until the workers' group committed past the last record of the partition. */
    private static void awaitConsumed(String topic, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (Admin admin = TestKafka.admin()) {
            long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all()
                    .get(10, TimeUnit.SECONDS).get(tp).offset();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("backtest-workers-cpu").partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                return committed.get(tp) != null && committed.get(tp).offset() >= end;
            });
        }
    }

    private static String containsCsv() {
        return "text/csv";
    }

    private long count(String sql) throws Exception {
        return Long.parseLong(scalar(sql));
    }

    private String scalar(String sql) throws Exception {
        try (Connection c = ctx.database().connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
