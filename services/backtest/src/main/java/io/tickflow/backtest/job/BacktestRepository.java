package io.tickflow.backtest.job;

import io.smallrye.mutiny.Uni;
import io.tickflow.backtest.engine.BacktestReport;
import io.tickflow.backtest.engine.EquityPoint;
import io.tickflow.backtest.engine.Trade;
import io.tickflow.backtest.sweep.Ranking;
import io.tickflow.backtest.sweep.SweepPlan;
import io.tickflow.domain.strategy.StrategyFactory;
import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestJobState;
import io.tickflow.events.BacktestProgress;
import io.tickflow.events.BacktestResult;
import io.tickflow.events.BacktestStatus;
import io.tickflow.events.BacktestSweep;
import io.tickflow.events.BacktestTask;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Topic;
import io.tickflow.messaging.Outbox;
import io.tickflow.messaging.OutboxMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.data.Interval;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Jobs, their tasks and results in the {@code backtest} schema. Every state change that others must learn of (a job's
 * split, a task to run, progress, a result) is appended to the outbox in the same transaction. The job's row is the
 * point of serialisation: counting a finished task updates it, so two workers finishing the last two tasks at once
 * take turns, and exactly one of them sees the job complete.
 */
@ApplicationScoped
public class BacktestRepository {

    public static final String SCHEMA = "backtest";

    public record Progress(Integer tasksTotal, int tasksDone, int tasksFailed, String state) {
    }

    public record JobView(UUID jobId, String status, Instant submittedAt, Instant finishedAt, JsonObject definition,
            JsonObject result, Progress progress, JsonObject summary) {
    }

    /** One line of {@code GET /api/backtests}. */
    public record JobSummaryView(UUID jobId, String status, String strategy, List<String> instruments, Instant from,
            Instant to, Instant submittedAt, Instant finishedAt, Progress progress, JsonObject result) {
    }

    public record TaskView(UUID taskId, int index, String phase, int fold, JsonObject parameters, Instant from,
            Instant to, String state, int attempts, JsonObject result, String error) {
    }

    /** What splitting a job did: whether the row was new, and whether this call split it (false: done before). */
    public record Split(boolean created, boolean split) {
    }

    /** A task's outcome as stored: false when it was stored before; the job's run time if this completed it. */
    public record Finished(boolean stored, Duration jobDuration) {
    }

    /** What a worker's claim of a task found. */
    public enum Claim { CLAIMED, FINISHED_ALREADY, LEASED_ELSEWHERE, SKIPPED, UNKNOWN }

    private final Pool pool;

    @Inject
    public BacktestRepository(Pool pool) {
        this.pool = pool;
    }

    // ---- splitting -------------------------------------------------------------------------------------------

    /**
     * Stores {@code job} with its split into tasks and queues the tasks (and, if {@code announce}, the job itself on
     * the jobs topic) in one transaction. Idempotent: a job that is split already is left alone. Parameter sets the
     * strategy rejects become FAILED tasks at once (visible in the task list), not runs.
     */
    public Uni<Split> split(BacktestJob job, SweepPlan plan, boolean announce) {
        List<SweepPlan.PlannedTask> first = plan.firstPhase();
        int total = first.size() + plan.plannedOutOfSample();
        Instant now = Instant.now();
        List<Tuple> rows = new ArrayList<>();
        List<OutboxMessage> messages = new ArrayList<>();
        if (announce) {
            messages.add(OutboxMessage.of(Topic.BACKTEST_JOBS, job));
        }
        int failed = 0;
        for (SweepPlan.PlannedTask p : first) {
            BacktestTask task = task(job, p.index(), p.parameters(), p.phase(), p.fold(), p.from(), p.to(), now);
            String error = invalid(job.strategyId(), p.parameters());
            if (error == null) {
                messages.add(OutboxMessage.of(Topic.backtestTasks(task.workerClass()), task));
            } else {
                failed++;
            }
            rows.add(taskRow(task, error));
        }
        int failedAtSplit = failed;
        messages.add(OutboxMessage.of(Topic.BACKTEST_PROGRESS, progress(job.jobId(), total, 0, failedAtSplit,
                BacktestJobState.RUNNING)));
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO backtest.jobs (job_id, definition, status,"
                        + " submitted_at) VALUES ($1, $2, 'QUEUED', $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(job.jobId(), new JsonObject(EventCodec.encode(job)), utc(job.ingestTime())))
                .chain(inserted -> tx.preparedQuery("UPDATE backtest.jobs SET status = 'RUNNING', worker_class = $2,"
                                + " tasks_total = $3, in_sample_total = $4, tasks_failed = $5 WHERE job_id = $1"
                                + " AND tasks_total IS NULL AND status = 'QUEUED'")
                        .execute(Tuple.of(job.jobId(), job.workerClassOrDefault(), total, first.size(), failedAtSplit))
                        .chain(updated -> {
                            Split split = new Split(inserted.rowCount() == 1, updated.rowCount() == 1);
                            if (!split.split()) {
                                return Uni.createFrom().item(split);
                            }
                            return insertTasks(tx, rows)
                                    .chain(() -> Outbox.append(tx, SCHEMA, messages))
                                    // every set rejected: the job ends now
                                    .chain(() -> failedAtSplit == first.size() ? count(tx, job.jobId(), 0, 0)
                                            : Uni.createFrom().voidItem())
                                    .replaceWith(split);
                        })));
    }

    private static String invalid(String strategy, Map<String, String> parameters) {
        try {
            StrategyFactory.supplier(strategy, parameters);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static BacktestTask task(BacktestJob job, int index, Map<String, String> parameters, String phase, int fold,
            Instant from, Instant to, Instant now) {
        return new BacktestTask(BacktestTask.SCHEMA_VERSION, UUID.randomUUID(), now, now,
                BacktestTask.taskId(job.jobId(), index), job.jobId(), index, job.strategyId(), parameters, phase, fold,
                from, to, job.workerClassOrDefault(), job.instruments(), job.initialCapital());
    }

    private static Tuple taskRow(BacktestTask t, String error) {
        return Tuple.from(List.of(t.taskId(), t.jobId(), t.index(), t.phase(), t.fold(),
                new JsonObject(new HashMap<>(t.parameters())), utc(t.from()), utc(t.to()), t.workerClass(),
                new JsonObject(EventCodec.encode(t)), error == null ? "PENDING" : "FAILED"))
                .addValue(error);
    }

    private static Uni<Void> insertTasks(SqlConnection tx, List<Tuple> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("INSERT INTO backtest.tasks (task_id, job_id, idx, phase, fold, parameters,"
                        + " window_from, window_to, worker_class, definition, state, error, finished_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
                        + " CASE WHEN $11 = 'FAILED' THEN now() END) ON CONFLICT DO NOTHING")
                .executeBatch(rows).replaceWithVoid();
    }

    // ---- running a task --------------------------------------------------------------------------------------

    /**
     * Takes {@code taskId} for {@code owner} for {@code leaseMillis}: a pending task, or a running one whose lease
     * expired, of a running job. A pending task of a job that is not running any more (cancelled) becomes SKIPPED.
     */
    public Uni<Claim> claim(UUID taskId, String owner, long leaseMillis) {
        return pool.preparedQuery("UPDATE backtest.tasks t SET state = 'RUNNING', lease_owner = $2,"
                        + " lease_until = now() + $3 * interval '1 millisecond', attempts = t.attempts + 1"
                        + " FROM backtest.jobs j WHERE t.task_id = $1 AND j.job_id = t.job_id AND j.status = 'RUNNING'"
                        + " AND (t.state = 'PENDING' OR (t.state = 'RUNNING' AND t.lease_until < now()))")
                .execute(Tuple.of(taskId, owner, leaseMillis))
                .chain(rs -> rs.rowCount() == 1 ? Uni.createFrom().item(Claim.CLAIMED)
                        : pool.preparedQuery("UPDATE backtest.tasks t SET state = 'SKIPPED', finished_at = now()"
                                        + " FROM backtest.jobs j WHERE t.task_id = $1 AND j.job_id = t.job_id"
                                        + " AND j.status <> 'RUNNING' AND t.state IN ('PENDING', 'RUNNING')"
                                        + " AND (t.state = 'PENDING' OR t.lease_until < now() OR t.lease_owner = $2)"
                                        + " RETURNING t.state")
                                .execute(Tuple.of(taskId, owner))
                                .chain(skipped -> skipped.rowCount() == 1 ? Uni.createFrom().item(Claim.SKIPPED)
                                        : pool.preparedQuery("SELECT state FROM backtest.tasks WHERE task_id = $1")
                                                .execute(Tuple.of(taskId))
                                                .map(s -> s.rowCount() == 0 ? Claim.UNKNOWN
                                                        : switch (s.iterator().next().getString(0)) {
                                                            case "RUNNING" -> Claim.LEASED_ELSEWHERE;
                                                            case "SKIPPED" -> Claim.SKIPPED;
                                                            default -> Claim.FINISHED_ALREADY;
                                                        })));
    }

    /**
     * Between replay pages: renews the lease and answers whether the task should go on (its job still running and the
     * task still this worker's). A task stopped because its job was cancelled becomes SKIPPED.
     */
    public Uni<Boolean> checkpoint(UUID taskId, String owner, long leaseMillis) {
        return pool.preparedQuery("UPDATE backtest.tasks t SET lease_until = now() + $3 * interval '1 millisecond'"
                        + " FROM backtest.jobs j WHERE t.task_id = $1 AND t.lease_owner = $2 AND t.state = 'RUNNING'"
                        + " AND j.job_id = t.job_id AND j.status = 'RUNNING'")
                .execute(Tuple.of(taskId, owner, leaseMillis))
                .chain(rs -> rs.rowCount() == 1 ? Uni.createFrom().item(true)
                        : pool.preparedQuery("UPDATE backtest.tasks t SET state = 'SKIPPED', finished_at = now()"
                                        + " FROM backtest.jobs j WHERE t.task_id = $1 AND t.lease_owner = $2"
                                        + " AND t.state = 'RUNNING' AND j.job_id = t.job_id AND j.status <> 'RUNNING'")
                                .execute(Tuple.of(taskId, owner)).replaceWith(false));
    }

    /**
     * Stores a task's outcome (its figures, trades and bounded equity curve, or its error), counts it on the job and
     * moves the job on (out-of-sample phase, completion), in one transaction. Keyed by task id: a task whose result
     * is stored already (delivered twice, or finished by another worker after a lease expired) stores nothing.
     */
    public Uni<Finished> finishTask(BacktestTask task, BacktestReport report, BacktestResult figures,
            String error) {
        boolean ok = error == null;
        AtomicReference<Duration> jobDuration =
                new AtomicReference<>();
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE backtest.tasks SET state = $2, result = $3,"
                        + " error = $4, finished_at = now(), lease_owner = NULL, lease_until = NULL"
                        + " WHERE task_id = $1 AND state IN ('PENDING', 'RUNNING')")
                .execute(Tuple.of(task.taskId(), ok ? "DONE" : "FAILED",
                        ok ? new JsonObject(EventCodec.encode(figures)) : null, error))
                .chain(rs -> {
                    if (rs.rowCount() == 0) {
                        return Uni.createFrom().item(new Finished(false, null));
                    }
                    Uni<Void> details = ok ? insertTrades(tx, task.taskId(), report.trades())
                            .chain(() -> insertEquity(tx, task.taskId(), boundedEquity(report)))
                            : Uni.createFrom().voidItem();
                    return details.chain(() -> count(tx, task.jobId(), ok ? 1 : 0, ok ? 0 : 1, jobDuration))
                            .map(v -> new Finished(true, jobDuration.get()));
                }));
    }

    private static Uni<Void> insertTrades(SqlConnection tx, UUID taskId, List<Trade> trades) {
        if (trades.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(trades.size());
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            rows.add(Tuple.from(List.of(taskId, i, t.instrument(), t.side().name(), utc(t.entryTime()),
                    t.entryPrice(), utc(t.exitTime()), t.exitPrice(), t.size(), t.grossPnl(), t.funding(),
                    t.commission(), t.netPnl())));
        }
        return tx.preparedQuery("INSERT INTO backtest.task_trades (task_id, seq, instrument, side, entry_time,"
                        + " entry_price, exit_time, exit_price, size, gross_pnl, funding, commission, net_pnl)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING")
                .executeBatch(rows).replaceWithVoid();
    }

    private static Uni<Void> insertEquity(SqlConnection tx, UUID taskId, List<EquityPoint> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            EquityPoint p = points.get(i);
            rows.add(Tuple.of(taskId, i, utc(p.time()), p.equity(), p.kind().name()));
        }
        return tx.preparedQuery("INSERT INTO backtest.task_equity (task_id, seq, time, equity, kind)"
                        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                .executeBatch(rows).replaceWithVoid();
    }

    /**
     * The equity curve as stored: the point after the fill that closed each trade, every UTC-midnight point and the
     * final one. The engine marks equity after every fill; storing only these keeps a task's rows at trades + days,
     * whatever the number of ticks or fills.
     */
    static List<EquityPoint> boundedEquity(BacktestReport report) {
        Set<Instant> exits = new HashSet<>();
        report.trades().forEach(t -> exits.add(t.exitTime()));
        List<EquityPoint> curve = report.equityCurve();
        List<EquityPoint> out = new ArrayList<>();
        for (int i = 0; i < curve.size(); i++) {
            EquityPoint p = curve.get(i);
            boolean lastFillAtExit = p.kind() == EquityPoint.Kind.FILL && exits.contains(p.time())
                    && (i + 1 == curve.size() || curve.get(i + 1).kind() != EquityPoint.Kind.FILL
                            || !curve.get(i + 1).time().equals(p.time()));
            if (p.kind() != EquityPoint.Kind.FILL || lastFillAtExit) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Counts finished tasks on the job (the row update locks it until commit) and moves it on: starts the
     * out-of-sample phase when the last first-phase task is counted, completes the job when the last task is, and
     * announces the progress either way.
     */
    private Uni<Void> count(SqlConnection tx, UUID jobId, int done, int failed) {
        return count(tx, jobId, done, failed, new AtomicReference<>());
    }

    private Uni<Void> count(SqlConnection tx, UUID jobId, int done, int failed,
            AtomicReference<Duration> jobDuration) {
        return tx.preparedQuery("UPDATE backtest.jobs SET tasks_done = tasks_done + $2, tasks_failed = tasks_failed"
                        + " + $3 WHERE job_id = $1 RETURNING status, tasks_total, tasks_done, tasks_failed,"
                        + " in_sample_total, definition")
                .execute(Tuple.of(jobId, done, failed))
                .chain(rs -> {
                    Row r = rs.iterator().next();
                    BacktestJob job = EventCodec.decode(r.getJsonObject("definition").encode(), BacktestJob.class);
                    BacktestJobState state = BacktestJobState.valueOf(r.getString("status"));
                    int total = r.getInteger("tasks_total");
                    int finished = r.getInteger("tasks_done") + r.getInteger("tasks_failed");
                    if (state != BacktestJobState.RUNNING) {
                        return announce(tx, jobId, total, r.getInteger("tasks_done"), r.getInteger("tasks_failed"),
                                state);
                    }
                    int inSample = r.getInteger("in_sample_total");
                    if (finished == inSample && total > inSample) {
                        int planned = total - inSample;
                        return startOutOfSample(tx, job, planned).chain(created -> {
                            // fewer out-of-sample runs than planned (in-sample failures): the total shrinks
                            Uni<Void> shrink = created == planned ? Uni.createFrom().voidItem()
                                    : tx.preparedQuery("UPDATE backtest.jobs SET tasks_total = tasks_total - $2"
                                            + " WHERE job_id = $1").execute(Tuple.of(jobId, planned - created))
                                            .replaceWithVoid();
                            return shrink.chain(() -> created == 0 ? complete(tx, job, jobDuration)
                                    : announce(tx, jobId, inSample + created, r.getInteger("tasks_done"),
                                            r.getInteger("tasks_failed"), state));
                        });
                    }
                    if (finished == total) {
                        return complete(tx, job, jobDuration);
                    }
                    return announce(tx, jobId, total, r.getInteger("tasks_done"), r.getInteger("tasks_failed"), state);
                });
    }

    private static Uni<Void> announce(SqlConnection tx, UUID jobId, int total, int done, int failed,
            BacktestJobState state) {
        return Outbox.append(tx, SCHEMA, List.of(OutboxMessage.of(Topic.BACKTEST_PROGRESS,
                progress(jobId, total, done, failed, state))));
    }

    static BacktestProgress progress(UUID jobId, int total, int done, int failed, BacktestJobState state) {
        Instant now = Instant.now();
        return new BacktestProgress(BacktestProgress.SCHEMA_VERSION, UUID.randomUUID(), now, now, jobId, total, done,
                failed, state);
    }

    /** Runs the {@code topN} best in-sample sets of each fold on the fold's out-of-sample window; returns how many. */
    private Uni<Integer> startOutOfSample(SqlConnection tx, BacktestJob job, int planned) {
        SweepPlan plan = SweepPlan.of(job);
        BacktestSweep sweep = job.sweep();
        return tx.preparedQuery("SELECT idx, fold, parameters, result FROM backtest.tasks WHERE job_id = $1"
                        + " AND phase = 'IN_SAMPLE' AND state = 'DONE'")
                .execute(Tuple.of(job.jobId()))
                .chain(rs -> {
                    Map<Integer, List<Ranking.Scored>> byFold = new TreeMap<>();
                    Map<Integer, Map<String, String>> parameters = new HashMap<>();
                    for (Row r : rs) {
                        byFold.computeIfAbsent(r.getInteger("fold"), f -> new ArrayList<>())
                                .add(new Ranking.Scored(r.getInteger("idx"), r.getJsonObject("result")));
                        parameters.put(r.getInteger("idx"), strings(r.getJsonObject("parameters")));
                    }
                    Instant now = Instant.now();
                    List<Tuple> rows = new ArrayList<>();
                    List<OutboxMessage> messages = new ArrayList<>();
                    byFold.forEach((fold, scored) -> {
                        scored.sort(Ranking.best(sweep.metric(), sweep.higherIsBetter()));
                        SweepPlan.Fold window = plan.folds().get(fold);
                        for (int rank = 0; rank < Math.min(plan.topN(), scored.size()); rank++) {
                            BacktestTask t = task(job, plan.outOfSampleIndex(fold, rank),
                                    parameters.get(scored.get(rank).index()), BacktestTask.OUT_OF_SAMPLE, fold,
                                    window.outFrom(), window.outTo(), now);
                            rows.add(taskRow(t, null));
                            messages.add(OutboxMessage.of(Topic.backtestTasks(t.workerClass()), t));
                        }
                    });
                    return insertTasks(tx, rows).chain(() -> Outbox.append(tx, SCHEMA, messages))
                            .replaceWith(Math.min(rows.size(), planned));
                });
    }

    /**
     * The last task is counted: the job's summary (best set by the sweep's metric; with an out-of-sample split, the
     * out-of-sample run of each fold's best in-sample set) and its result, stored and announced. The conditional
     * update makes this happen once even if it were reached twice.
     */
    private Uni<Void> complete(SqlConnection tx, BacktestJob job,
            AtomicReference<Duration> jobDuration) {
        String metric = job.sweep() == null ? BacktestSweep.DEFAULT_METRIC : job.sweep().metric();
        boolean higher = job.sweep() == null || job.sweep().higherIsBetter();
        return tx.preparedQuery("SELECT task_id, idx, phase, fold, parameters, state, result, error FROM backtest.tasks"
                        + " WHERE job_id = $1 ORDER BY idx")
                .execute(Tuple.of(job.jobId()))
                .chain(rs -> {
                    List<Row> rows = new ArrayList<>();
                    rs.forEach(rows::add);
                    List<Row> done = rows.stream().filter(r -> "DONE".equals(r.getString("state"))).toList();
                    BacktestResult result;
                    JsonObject summary = new JsonObject().put("metric", metric).put("tasks", rows.size())
                            .put("tasksDone", done.size());
                    if (done.isEmpty()) {
                        String firstError = rows.stream().map(r -> r.getString("error")).filter(e -> e != null)
                                .findFirst().orElse("no task ran");
                        result = failed(job, "all " + rows.size() + " tasks failed; first: " + firstError);
                    } else {
                        Row best = bestOf(done, job.sweep() != null && job.sweep().outOfSample(), metric, higher,
                                summary);
                        Map<String, String> params = strings(best.getJsonObject("parameters"));
                        summary.put("bestTaskId", best.getUUID("task_id").toString())
                                .put("bestIndex", best.getInteger("idx"))
                                .put("bestParameters", new JsonObject(new HashMap<>(params)))
                                .put("bestMetric", best.getJsonObject("result").getValue(metric));
                        BacktestResult figures = EventCodec.decode(best.getJsonObject("result").encode(),
                                BacktestResult.class);
                        result = forJob(figures, job, StrategyFactory.strategyId(job.strategyId(), params));
                    }
                    BacktestJobState state = result.status() == BacktestStatus.COMPLETED ? BacktestJobState.COMPLETED
                            : BacktestJobState.FAILED;
                    return tx.preparedQuery("UPDATE backtest.jobs SET status = $2, finished_at = now(), summary = $3"
                                    + " WHERE job_id = $1 AND status = 'RUNNING' RETURNING tasks_total, tasks_done,"
                                    + " tasks_failed, finished_at - submitted_at AS took")
                            .execute(Tuple.of(job.jobId(), state.name(), summary))
                            .chain(updated -> {
                                if (updated.rowCount() == 0) {
                                    return Uni.createFrom().voidItem();
                                }
                                Row c = updated.iterator().next();
                                Object took = c.getValue("took");
                                if (took instanceof Interval i) {
                                    jobDuration.set(i.toDuration());
                                }
                                return tx.preparedQuery("INSERT INTO backtest.results (job_id, result, code_version)"
                                                + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                                        .execute(Tuple.of(job.jobId(), new JsonObject(EventCodec.encode(result)),
                                                result.codeVersion() == null ? "unknown" : result.codeVersion()))
                                        .chain(() -> Outbox.append(tx, SCHEMA, List.of(
                                                OutboxMessage.of(Topic.BACKTEST_RESULTS, result),
                                                OutboxMessage.of(Topic.BACKTEST_PROGRESS, progress(job.jobId(),
                                                        c.getInteger("tasks_total"), c.getInteger("tasks_done"),
                                                        c.getInteger("tasks_failed"), state)))));
                            });
                });
    }

    /** The task whose figures stand for the job; records the out-of-sample check in {@code summary}. */
    private static Row bestOf(List<Row> done, boolean outOfSample, String metric, boolean higher,
            JsonObject summary) {
        Map<Integer, Row> byIndex = new HashMap<>();
        done.forEach(r -> byIndex.put(r.getInteger("idx"), r));
        List<Ranking.Scored> first = new ArrayList<>();
        List<Row> oos = new ArrayList<>();
        for (Row r : done) {
            if (BacktestTask.OUT_OF_SAMPLE.equals(r.getString("phase"))) {
                oos.add(r);
            } else {
                first.add(new Ranking.Scored(r.getInteger("idx"), r.getJsonObject("result")));
            }
        }
        first.sort(Ranking.best(metric, higher));
        if (!outOfSample) {
            return byIndex.get(first.get(0).index());
        }
        // out-of-sample rows are numbered fold by fold, best in-sample rank first
        JsonArray checks = new JsonArray();
        Row last = null;
        for (Row r : oos) {
            Map<String, String> params = strings(r.getJsonObject("parameters"));
            Ranking.Scored inSample = first.stream()
                    .filter(s -> byIndex.get(s.index()).getInteger("fold").equals(r.getInteger("fold"))
                            && strings(byIndex.get(s.index()).getJsonObject("parameters")).equals(params))
                    .findFirst().orElse(null);
            checks.add(new JsonObject().put("fold", r.getInteger("fold"))
                    .put("taskId", r.getUUID("task_id").toString())
                    .put("parameters", new JsonObject(new HashMap<>(params)))
                    .put("inSample", inSample == null ? null : inSample.result().getValue(metric))
                    .put("outOfSample", r.getJsonObject("result").getValue(metric))
                    .put("outOfSampleTotalReturn", r.getJsonObject("result").getValue("totalReturn")));
            if (last == null || r.getInteger("fold") > last.getInteger("fold")) {
                last = r;
            }
        }
        summary.put("outOfSample", checks);
        return last != null ? last : byIndex.get(first.get(0).index());
    }

    private static BacktestResult forJob(BacktestResult r, BacktestJob job, String strategyId) {
        UUID id = UUID.nameUUIDFromBytes(("result|" + job.jobId()).getBytes(StandardCharsets.UTF_8));
        return new BacktestResult(BacktestResult.SCHEMA_VERSION, id, r.eventTime(), r.ingestTime(), job.jobId(),
                r.status(), strategyId, r.eventsProcessed(), r.signals(), r.trades(), r.initialCapital(),
                r.finalEquity(), r.totalReturn(), r.maxDrawdown(), r.codeVersion(), r.error(), r.cagr(), r.sharpe(),
                r.sortino(), r.calmar(), r.winRate(), r.profitFactor(), r.exposure(), r.closedTrades(),
                r.refusedOrders(), r.funding());
    }

    private static BacktestResult failed(BacktestJob job, String error) {
        Instant now = Instant.now();
        return new BacktestResult(BacktestResult.SCHEMA_VERSION, UUID.randomUUID(), now, now, job.jobId(),
                BacktestStatus.FAILED, job.strategyId(), 0, 0, 0, null, null, null, null, null, error);
    }

    // ---- cancellation and leases -----------------------------------------------------------------------------

    /** Cancels a job that is not finished; workers skip its remaining tasks. Empty when there is no such job. */
    public Uni<Optional<Progress>> cancel(UUID jobId) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE backtest.jobs SET status = 'CANCELLED',"
                        + " finished_at = now() WHERE job_id = $1 AND status IN ('QUEUED', 'RUNNING')"
                        + " RETURNING tasks_total, tasks_done, tasks_failed")
                .execute(Tuple.of(jobId))
                .chain(rs -> {
                    if (rs.rowCount() == 0) {
                        return find(jobId).map(v -> v.map(JobView::progress));
                    }
                    Row r = rs.iterator().next();
                    int total = r.getInteger("tasks_total") == null ? 0 : r.getInteger("tasks_total");
                    Progress p = new Progress(total, r.getInteger("tasks_done"), r.getInteger("tasks_failed"),
                            BacktestJobState.CANCELLED.name());
                    return announce(tx, jobId, total, p.tasksDone(), p.tasksFailed(), BacktestJobState.CANCELLED)
                            .replaceWith(Optional.of(p));
                }));
    }

    /**
     * Takes back tasks whose lease expired (their worker died or hung) and publishes them again, in one transaction;
     * returns how many. Such a task of a job that is no longer running (cancelled meanwhile) is marked SKIPPED
     * instead: nobody would redo or finish it, and it would stay RUNNING. Concurrent reapers on several instances do
     * not double up: the updates lock the rows.
     */
    public Uni<Integer> reapExpiredLeases() {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE backtest.tasks t SET state = 'SKIPPED',"
                        + " finished_at = now(), lease_owner = NULL, lease_until = NULL FROM backtest.jobs j"
                        + " WHERE t.state = 'RUNNING' AND t.lease_until < now() AND j.job_id = t.job_id"
                        + " AND j.status <> 'RUNNING'")
                .execute()
                .chain(skipped -> tx.preparedQuery("UPDATE backtest.tasks t SET state = 'PENDING',"
                        + " lease_owner = NULL, lease_until = NULL FROM backtest.jobs j WHERE t.state = 'RUNNING'"
                        + " AND t.lease_until < now() AND j.job_id = t.job_id AND j.status = 'RUNNING'"
                        + " RETURNING t.definition")
                .execute())
                .chain(rs -> {
                    List<OutboxMessage> messages = new ArrayList<>();
                    for (Row r : rs) {
                        BacktestTask t = EventCodec.decode(r.getJsonObject("definition").encode(), BacktestTask.class);
                        messages.add(OutboxMessage.of(Topic.backtestTasks(t.workerClass()), t));
                    }
                    return Outbox.append(tx, SCHEMA, messages).replaceWith(messages.size());
                }));
    }

    // ---- queries -------------------------------------------------------------------------------------------

    public Uni<Optional<JobView>> find(UUID jobId) {
        return pool.preparedQuery("SELECT j.job_id, j.status, j.submitted_at, j.finished_at, j.definition, r.result,"
                        + " j.tasks_total, j.tasks_done, j.tasks_failed, j.summary FROM backtest.jobs j"
                        + " LEFT JOIN backtest.results r ON r.job_id = j.job_id WHERE j.job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rs -> rs.rowCount() == 0 ? Optional.empty() : Optional.of(toView(rs.iterator().next())));
    }

    /** Jobs, newest first. */
    public Uni<List<JobSummaryView>> list(int limit, int offset) {
        return pool.preparedQuery("SELECT j.job_id, j.status, j.submitted_at, j.finished_at, j.definition, r.result,"
                        + " j.tasks_total, j.tasks_done, j.tasks_failed FROM backtest.jobs j"
                        + " LEFT JOIN backtest.results r ON r.job_id = j.job_id"
                        + " ORDER BY j.submitted_at DESC, j.job_id LIMIT $1 OFFSET $2")
                .execute(Tuple.of(limit, offset))
                .map(rs -> {
                    List<JobSummaryView> out = new ArrayList<>();
                    for (Row r : rs) {
                        JsonObject d = r.getJsonObject("definition");
                        out.add(new JobSummaryView(r.getUUID("job_id"), r.getString("status"),
                                d.getString("strategyId"),
                                d.getJsonArray("instruments").stream().map(Object::toString).toList(),
                                Instant.parse(d.getString("from")), Instant.parse(d.getString("to")),
                                instant(r, "submitted_at"), instant(r, "finished_at"), progress(r),
                                r.getJsonObject("result")));
                    }
                    return out;
                });
    }

    public Uni<List<TaskView>> tasks(UUID jobId) {
        return pool.preparedQuery("SELECT task_id, idx, phase, fold, parameters, window_from, window_to, state,"
                        + " attempts, result, error FROM backtest.tasks WHERE job_id = $1 ORDER BY idx")
                .execute(Tuple.of(jobId))
                .map(rs -> {
                    List<TaskView> out = new ArrayList<>();
                    for (Row r : rs) {
                        out.add(new TaskView(r.getUUID("task_id"), r.getInteger("idx"), r.getString("phase"),
                                r.getInteger("fold"), r.getJsonObject("parameters"), instant(r, "window_from"),
                                instant(r, "window_to"), r.getString("state"), r.getInteger("attempts"),
                                r.getJsonObject("result"), r.getString("error")));
                    }
                    return out;
                });
    }

    /**
     * The task whose trades and equity a job's export shows: {@code index} if given, else the summary's best task
     * (the only task of a single run). Empty when the job has no such finished task.
     */
    public Uni<Optional<UUID>> exportedTask(UUID jobId, Integer index) {
        Uni<RowSet<Row>> query = index != null
                ? pool.preparedQuery("SELECT task_id FROM backtest.tasks WHERE job_id = $1 AND idx = $2")
                        .execute(Tuple.of(jobId, index))
                : pool.preparedQuery("SELECT t.task_id FROM backtest.jobs j JOIN backtest.tasks t"
                        + " ON t.job_id = j.job_id WHERE j.job_id = $1 AND t.state = 'DONE'"
                        + " ORDER BY (t.task_id::text = j.summary->>'bestTaskId') DESC NULLS LAST, t.idx LIMIT 1")
                        .execute(Tuple.of(jobId));
        return query
                .map(rs -> rs.rowCount() == 0 ? Optional.empty() : Optional.of(rs.iterator().next().getUUID(0)));
    }

    public Uni<List<Row>> trades(UUID taskId) {
        return rows("SELECT instrument, side, entry_time, entry_price, exit_time, exit_price, size, gross_pnl, funding,"
                + " commission, net_pnl FROM backtest.task_trades WHERE task_id = $1 ORDER BY seq", taskId);
    }

    public Uni<List<Row>> equity(UUID taskId) {
        return rows("SELECT time, equity, kind FROM backtest.task_equity WHERE task_id = $1 ORDER BY seq", taskId);
    }

    private Uni<List<Row>> rows(String sql, UUID taskId) {
        return pool.preparedQuery(sql).execute(Tuple.of(taskId)).map(rs -> {
            List<Row> out = new ArrayList<>();
            rs.forEach(out::add);
            return out;
        });
    }

    private static JobView toView(Row r) {
        return new JobView(r.getUUID("job_id"), r.getString("status"), instant(r, "submitted_at"),
                instant(r, "finished_at"), r.getJsonObject("definition"), r.getJsonObject("result"), progress(r),
                r.getJsonObject("summary"));
    }

    private static Progress progress(Row r) {
        return new Progress(r.getInteger("tasks_total"), r.getInteger("tasks_done"), r.getInteger("tasks_failed"),
                r.getString("status"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static Map<String, String> strings(JsonObject o) {
        Map<String, String> out = new TreeMap<>();
        o.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        return out;
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
