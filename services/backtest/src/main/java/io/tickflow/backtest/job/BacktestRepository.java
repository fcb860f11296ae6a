package io.tickflow.backtest.job;

import io.smallrye.mutiny.Uni;
import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestResult;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Topic;
import io.tickflow.messaging.Outbox;
import io.tickflow.messaging.OutboxMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** Jobs and results in the {@code backtest} schema; jobs and results are announced through the outbox. */
@ApplicationScoped
public class BacktestRepository {

    public static final String SCHEMA = "backtest";

    public record JobView(UUID jobId, String status, Instant submittedAt, Instant finishedAt,
            JsonObject definition, JsonObject result) {
    }

    private final Pool pool;

    @Inject
    public BacktestRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a submitted job and queues it on the jobs topic; false when the job id exists already. */
    public Uni<Boolean> submit(BacktestJob job) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO backtest.jobs (job_id, definition, status,"
                        + " submitted_at) VALUES ($1, $2, 'QUEUED', $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(job.jobId(), new JsonObject(EventCodec.encode(job)),
                        job.ingestTime().atOffset(ZoneOffset.UTC)))
                .chain(rs -> rs.rowCount() == 0 ? Uni.createFrom().item(false)
                        : Outbox.append(tx, SCHEMA, java.util.List.of(OutboxMessage.of(Topic.BACKTEST_JOBS, job)))
                                .replaceWith(true)));
    }

    /**
     * Claims a job for this worker: records it (a job produced straight to Kafka has no row yet) and marks it
     * RUNNING. Returns false when it finished already, so a redelivered job is not run again.
     */
    public Uni<Boolean> claim(BacktestJob job) {
        return pool.preparedQuery("INSERT INTO backtest.jobs (job_id, definition, status, submitted_at)"
                        + " VALUES ($1, $2, 'RUNNING', $3) ON CONFLICT (job_id) DO UPDATE SET status = 'RUNNING'"
                        + " WHERE backtest.jobs.status IN ('QUEUED', 'RUNNING') RETURNING job_id")
                .execute(Tuple.of(job.jobId(), new JsonObject(EventCodec.encode(job)),
                        job.ingestTime().atOffset(ZoneOffset.UTC)))
                .map(rs -> rs.rowCount() == 1);
    }

    /** Stores the result, finishes the job and queues the result event, in one transaction; idempotent. */
    public Uni<Void> complete(BacktestResult result) {
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO backtest.results (job_id, result,"
                        + " code_version) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(result.jobId(), new JsonObject(EventCodec.encode(result)),
                        result.codeVersion() == null ? "unknown" : result.codeVersion()))
                .chain(rs -> rs.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("UPDATE backtest.jobs SET status = $2, finished_at = now() WHERE job_id = $1")
                                .execute(Tuple.of(result.jobId(), result.status().name()))
                                .chain(() -> Outbox.append(tx, SCHEMA,
                                        java.util.List.of(OutboxMessage.of(Topic.BACKTEST_RESULTS, result))))));
    }

    public Uni<Optional<JobView>> find(UUID jobId) {
        return pool.preparedQuery("SELECT j.job_id, j.status, j.submitted_at, j.finished_at, j.definition, r.result"
                        + " FROM backtest.jobs j LEFT JOIN backtest.results r ON r.job_id = j.job_id WHERE j.job_id = $1")
                .execute(Tuple.of(jobId))
                .map(rs -> rs.rowCount() == 0 ? Optional.empty() : Optional.of(toView(rs.iterator().next())));
    }

    private static JobView toView(Row r) {
        return new JobView(r.getUUID("job_id"), r.getString("status"),
                r.getOffsetDateTime("submitted_at").toInstant(),
                r.getOffsetDateTime("finished_at") == null ? null : r.getOffsetDateTime("finished_at").toInstant(),
                (JsonObject) r.getValue("definition"), (JsonObject) r.getValue("result"));
    }
}
