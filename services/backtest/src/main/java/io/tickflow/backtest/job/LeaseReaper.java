package io.tickflow.backtest.job;

import io.quarkus.runtime.StartupEvent;
import io.tickflow.backtest.BacktestConfig;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every {@code lease-check-interval}, publishes again the tasks whose worker stopped renewing its lease (crashed,
 * hung, or lost its partition before committing), so another worker redoes them; such tasks of a job cancelled
 * meanwhile are marked SKIPPED instead. Each instance runs it; the updates that take the tasks back lock their rows,
 * so two reapers never publish one task twice.
 */
@ApplicationScoped
public class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class);

    private final BacktestRepository jobs;
    private final BacktestOutbox outbox;
    private final BacktestConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public LeaseReaper(BacktestRepository jobs, BacktestOutbox outbox, BacktestConfig config) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.config = config;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(config.leaseCheckInterval().toMillis(), id -> reap());
    }

    void reap() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        jobs.reapExpiredLeases().subscribe().with(n -> {
            running.set(false);
            if (n > 0) {
                LOG.warnf("%d backtest task(s) with an expired lease published again", n);
                outbox.wakeUp();
            }
        }, e -> {
            running.set(false);
            LOG.warnf("lease check failed, will retry: %s", e.toString());
        });
    }
}
