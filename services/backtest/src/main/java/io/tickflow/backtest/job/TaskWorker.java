package io.tickflow.backtest.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tickflow.backtest.BacktestConfig;
import io.tickflow.backtest.engine.BacktestEngine;
import io.tickflow.backtest.engine.BacktestReport;
import io.tickflow.events.BacktestTask;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.tickstore.TickRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Runs tasks from the tasks topic of this instance's worker class, one at a time. A task is claimed with a lease
 * (renewed between replay pages, where the worker also stops if the job was cancelled), its ticks are streamed from
 * the tick store through the engine on a worker thread, and its result is stored keyed by task id before the offset
 * is committed: a worker that dies mid-task leaves the record uncommitted (redelivered to another worker) and its
 * lease to expire (the reaper publishes the task again), and a task delivered twice stores one result.
 */
@ApplicationScoped
public class TaskWorker {

    private static final Logger LOG = Logger.getLogger(TaskWorker.class);

    private final BacktestRepository jobs;
    private final TickRepository ticks;
    private final DeadLetters deadLetters;
    private final BacktestOutbox outbox;
    private final BacktestConfig config;
    private final MeterRegistry registry;
    private final String owner;

    @Inject
    public TaskWorker(BacktestRepository jobs, Pool pool, DeadLetters deadLetters, BacktestOutbox outbox,
            BacktestConfig config, MeterRegistry registry) {
        this.jobs = jobs;
        this.ticks = new TickRepository(pool);
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
        this.owner = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Incoming("backtest-tasks")
    public Uni<Void> onTask(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, BacktestTask.class).onItem().ifNotNull()
                .transformToUni(task -> run(task).onItem().ifNotNull()
                        .transformToUni(reason -> deadLetters.send(record, reason)));
    }

    /** Runs {@code task} if this worker can claim it; an item is a reason to dead-letter the record. */
    public Uni<String> run(BacktestTask task) {
        long lease = config.lease().toMillis();
        return jobs.claim(task.taskId(), owner, lease).chain(claim -> switch (claim) {
            case CLAIMED -> execute(task, lease).replaceWith((String) null);
            case UNKNOWN -> Uni.createFrom().item("no task " + task.taskId() + " of job " + task.jobId()
                    + " is stored: tasks are made by splitting a job, not produced directly");
            default -> {
                LOG.debugf("task %s not run: %s", task.taskId(), claim);
                yield Uni.createFrom().nullItem();
            }
        });
    }

    private Uni<Void> execute(BacktestTask task, long lease) {
        long started = System.nanoTime();
        BacktestEngine engine;
        try {
            engine = new BacktestEngine(config.settings(task));
        } catch (RuntimeException e) { // parameters or instrument terms the engine refuses: a failed task, no retry
            return finish(task, null, e.toString());
        }
        return TickReplay.replayPages(ticks.pages(task.instruments(), task.from(), task.to(), config.fetchSize())
                                // between pages, off the hot path: renew the lease, stop if cancelled or taken over
                                .call(page -> jobs.checkpoint(task.taskId(), owner, lease).invoke(goOn -> {
                                    if (!goOn) {
                                        throw new CancellationException("job cancelled or lease lost");
                                    }
                                }))
                                .emitOn(Infrastructure.getDefaultWorkerPool()), engine, task.instruments())
                .chain(report -> finish(task, report, null))
                .onFailure(CancellationException.class).recoverWithUni(e -> {
                    LOG.infof("task %s of job %s stopped: %s", task.taskId(), task.jobId(), e.getMessage());
                    return Uni.createFrom().voidItem();
                })
                .onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "task %s of job %s failed", task.taskId(), task.jobId());
                    return finish(task, null, e.toString());
                })
                .invoke(() -> registry.timer("tickflow_backtest_task_seconds")
                        .record(Duration.ofNanos(System.nanoTime() - started)));
    }

    private Uni<Void> finish(BacktestTask task, BacktestReport report, String error) {
        return jobs.finishTask(task, report, report == null ? null : report.toResult(task.jobId(),
                        config.codeVersion()), error)
                .invoke(finished -> {
                    if (!finished.stored()) {
                        LOG.infof("task %s had a result already: nothing stored", task.taskId());
                        return;
                    }
                    outbox.wakeUp();
                    if (finished.jobDuration() != null) { // this worker counted the job's last task
                        registry.timer("tickflow_backtest_job_seconds").record(finished.jobDuration());
                        LOG.infof("backtest %s finished in %s", task.jobId(), finished.jobDuration());
                    }
                })
                .replaceWithVoid();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "backtest";
        }
    }
}
