package io.tickflow.backtest.job;

import io.smallrye.mutiny.Uni;
import io.tickflow.backtest.sweep.SweepPlan;
import io.tickflow.events.BacktestJob;
import io.tickflow.messaging.DeadLetters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes jobs from the jobs topic (produced by REST or straight with kcat) and splits them into tasks on the tasks
 * topic of their worker class ({@link TaskWorker} runs them). The split is stored with the job in the same transaction
 * as the tasks' outbox rows, so a redelivered job, or the copy REST announces after splitting it itself, is not split
 * twice. A job whose sweep cannot be split (its range too short for its folds) is dead-lettered with the reason.
 */
@ApplicationScoped
public class BacktestWorker {

    private static final Logger LOG = Logger.getLogger(BacktestWorker.class);

    private final BacktestRepository jobs;
    private final DeadLetters deadLetters;
    private final BacktestOutbox outbox;

    @Inject
    public BacktestWorker(BacktestRepository jobs, DeadLetters deadLetters, BacktestOutbox outbox) {
        this.jobs = jobs;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
    }

    @Incoming("backtest-jobs")
    public Uni<Void> onJob(ConsumerRecord<String, String> record) {
        return deadLetters.decode(record, BacktestJob.class).onItem().ifNotNull().transformToUni(job -> {
            SweepPlan plan;
            try {
                plan = SweepPlan.of(job);
            } catch (IllegalArgumentException e) {
                return deadLetters.send(record, e.getMessage());
            }
            return jobs.split(job, plan, false).invoke(split -> {
                if (split.split()) {
                    LOG.infof("backtest %s split into %d tasks", job.jobId(), plan.firstPhase().size());
                    outbox.wakeUp();
                }
            }).replaceWithVoid();
        });
    }
}
