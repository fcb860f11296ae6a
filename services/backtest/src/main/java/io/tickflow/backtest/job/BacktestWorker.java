package io.tickflow.backtest.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tickflow.backtest.BacktestConfig;
import io.tickflow.backtest.engine.BacktestEngine;
import io.tickflow.events.BacktestJob;
import io.tickflow.events.BacktestResult;
import io.tickflow.events.BacktestStatus;
import io.tickflow.messaging.DeadLetters;
import io.tickflow.tickstore.TickRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Runs jobs from the jobs topic. Every backtest instance is a worker in the same consumer group, so jobs spread over
 * as many workers as there are. The job's ticks are streamed from the tick store through the engine on a worker
 * thread; the offset is committed after the result is stored, so a worker that dies mid-job leaves it to be redone,
 * and a job delivered twice stores one result.
 */
@ApplicationScoped
public class BacktestWorker {

    private static final Logger LOG = Logger.getLogger(BacktestWorker.class);

    private final BacktestRepository jobs;
    private final TickRepository ticks;
    private final DeadLetters deadLetters;
    private final BacktestOutbox outbox;
    private final BacktestConfig config;
    private final MeterRegistry registry;

    @Inject
    public BacktestWorker(BacktestRepository jobs, Pool pool, DeadLetters deadLetters, BacktestOutbox outbox,
            BacktestConfig config, MeterRegistry registry) {
        this.jobs = jobs;
        this.ticks = new TickRepository(pool);
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
    }

    @Incoming("backtest-jobs")
    public Uni<Void> onJob(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, BacktestJob.class).onItem().ifNotNull().transformToUni(this::run);
    }

    Uni<Void> run(BacktestJob job) {
        return jobs.claim(job).chain(claimed -> {
            if (!claimed) {
                LOG.infof("backtest %s finished already: skipped", job.jobId());
                return Uni.createFrom().voidItem();
            }
            long started = System.nanoTime();
            BacktestEngine engine;
            try {
                engine = new BacktestEngine(config.settings(job));
            } catch (RuntimeException e) { // unknown strategy parameters or instrument terms: a failed job, not a retry
                return jobs.complete(failed(job, e));
            }
            return TickReplay.replayPages(ticks.pages(job.instruments(), job.from(), job.to(), config.fetchSize())
                            .emitOn(Infrastructure.getDefaultWorkerPool()), engine, job.instruments())
                    .map(report -> report.toResult(job.jobId(), config.codeVersion()))
                    .onFailure().recoverWithItem(e -> failed(job, e))
                    .chain(jobs::complete)
                    .invoke(() -> {
                        registry.timer("tickflow_backtest_job_seconds")
                                .record(java.time.Duration.ofNanos(System.nanoTime() - started));
                        outbox.wakeUp();
                    });
        });
    }

    private BacktestResult failed(BacktestJob job, Throwable e) {
        LOG.errorf(e, "backtest %s failed", job.jobId());
        return new BacktestResult(BacktestResult.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(), Instant.now(),
                job.jobId(), BacktestStatus.FAILED, job.strategyId(), 0, 0, 0, null, null, null, null,
                config.codeVersion(), e.toString());
    }
}
