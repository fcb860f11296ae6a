package io.tickflow.alerting.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Delivers the notification outbox. A ticker (every {@code tickflow.alerting.dispatch.interval}) queues held-back
 * FIRING notices whose throttling window is over and due escalations, refreshes the pending gauge and wakes one
 * worker per enabled channel; a commit that queued notices wakes the workers too. A worker claims due notices of its
 * channel (a lease in the table, so several instances share the work and a crashed one's notices come back), makes
 * one attempt each in order, and records the outcome: delivered; retried later with exponential backoff or the
 * receiver's Retry-After; or failed for good after a 4xx or the last attempt. Its circuit breaker stops attempts
 * while the channel is down, without using up the notices' attempts.
 */
@Singleton
public class NotificationDispatcher {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final NotifyConfig config;
    private final Notifiers notifiers;
    private final NotificationStore store;
    private final NotifyMetrics metrics;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private volatile boolean running;

    @Inject
    public NotificationDispatcher(NotifyConfig config, Notifiers notifiers, NotificationStore store,
            NotifyMetrics metrics) {
        this.config = config;
        this.notifiers = notifiers;
        this.store = store;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        if (!config.dispatch().enabled()) {
            LOG.info("notification dispatch is off on this instance (tickflow.alerting.dispatch.enabled=false):"
                    + " notices are queued, not delivered");
            return;
        }
        notifiers.notifiers().forEach((channel, notifier) -> workers.put(channel, new Worker(notifier)));
        running = true;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notify-ticker");
            t.setDaemon(true);
            return t;
        });
        long every = config.dispatch().interval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        workers.values().forEach(Worker::shutdown);
        for (Worker w : workers.values()) {
            w.awaitTermination(Duration.ofSeconds(10));
        }
    }

    /** After a commit that queued notices: deliver now rather than on the next tick. */
    public void wakeUp() {
        if (running) {
            workers.values().forEach(Worker::wake);
        }
    }

    /** One housekeeping round, then a wake-up of every channel; the ticker calls it. */
    void tick() {
        try {
            int released = store.releaseHeld().await().atMost(DB_WAIT);
            if (released > 0) {
                LOG.infof("queued %d FIRING notice(s) held back by the throttling window", released);
            }
            int escalated = store.escalate().await().atMost(DB_WAIT);
            if (escalated > 0) {
                LOG.infof("queued %d escalation notice(s) for CRITICAL alerts unacknowledged after %s", escalated,
                        NoticeText.human(config.escalation().ackTimeout()));
            }
            metrics.pending(store.pendingByChannel().await().atMost(DB_WAIT));
        } catch (RuntimeException e) {
            if (running) {
                LOG.warnf("notification housekeeping failed, will retry: %s", e.toString());
            }
        }
        wakeUp();
    }

    /** Backoff after the {@code attempt}-th failed attempt, or the receiver's wish (capped). */
    static Duration delay(NotifyConfig.Dispatch d, int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(d.maxRetryAfter()) > 0 ? d.maxRetryAfter() : retryAfter;
        }
        Duration delay = d.initialBackoff();
        for (int i = 1; i < attempt && delay.compareTo(d.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(d.maxBackoff()) > 0 ? d.maxBackoff() : delay;
    }

    /** One channel: deliveries in order, one at a time, on its own thread. */
    private final class Worker {

        private final Notifier notifier;
        private final String channel;
        private final CircuitBreaker breaker;
        private final ExecutorService executor;
        private final AtomicBoolean scheduled = new AtomicBoolean();

        Worker(Notifier notifier) {
            this.notifier = notifier;
            this.channel = notifier.channel();
            this.breaker = notifiers.breaker(channel);
            this.executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "notify-" + channel);
                t.setDaemon(true);
                return t;
            });
        }

        void wake() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    scheduled.set(false); // shutting down
                }
            }
        }

        private void drain() {
            scheduled.set(false); // a wake-up from now on runs another drain after this one
            try {
                while (running && round()) {
                    // a full batch: there may be more due
                }
            } catch (RuntimeException e) {
                breaker.onTrialUnused(); // a half-open trial that never got its answer must not block the next
                if (running) {
                    LOG.warnf("notification round for %s failed, will retry: %s", channel, e.toString());
                }
            }
        }

        /** Claims and delivers one batch; true when the batch was full and the circuit is still closed. */
        private boolean round() {
            int batch = config.dispatch().batchSize();
            int permits = breaker.permits(batch);
            if (permits == 0) {
                return false;
            }
            List<Notice> claimed = store.claim(channel, permits).await().atMost(DB_WAIT);
            if (claimed.isEmpty()) {
                breaker.onTrialUnused();
                return false;
            }
            for (int i = 0; i < claimed.size(); i++) {
                if (!running || (i > 0 && !breaker.allowsMore())) {
                    List<Long> rest = new ArrayList<>();
                    claimed.subList(i, claimed.size()).forEach(n -> rest.add(n.id()));
                    store.unclaim(rest).await().atMost(DB_WAIT);
                    return false;
                }
                deliver(claimed.get(i));
            }
            return claimed.size() == permits && breaker.allowsMore();
        }

        private void deliver(Notice n) {
            if (n.traceId() != null) {
                MDC.put("traceId", n.traceId()); // log lines about a notice carry its alert's trace id
            }
            try {
                Outcome outcome;
                try {
                    outcome = notifier.deliver(n);
                } catch (RuntimeException e) {
                    outcome = new Outcome.Transient("notifier error: " + e.getClass().getSimpleName(), null);
                }
                record(n, outcome);
            } finally {
                MDC.remove("traceId");
            }
        }

        private void record(Notice n, Outcome outcome) {
            String what = "notice " + n.id() + " (" + n.kind() + " of alert " + n.alertId() + ", " + n.ruleId()
                    + ") to " + channel;
            switch (outcome) {
                case Outcome.Delivered d -> {
                    breaker.onSuccess();
                    store.delivered(n.id()).await().atMost(DB_WAIT);
                    metrics.count(channel, NotifyMetrics.DELIVERED);
                    LOG.infof("%s delivered (attempt %d)", what, n.attempt());
                }
                case Outcome.Permanent p -> {
                    breaker.onSuccess(); // the endpoint is up and answered: not a reason to open the circuit
                    store.failed(n.id(), p.error()).await().atMost(DB_WAIT);
                    metrics.count(channel, NotifyMetrics.FAILED);
                    LOG.errorf("%s failed permanently, not retried (attempt %d): %s", what, n.attempt(), p.error());
                }
                case Outcome.Transient t -> {
                    breaker.onFailure();
                    int max = config.dispatch().maxAttempts();
                    if (n.attempt() >= max) {
                        String error = "gave up after " + n.attempt() + " attempts: " + t.error();
                        store.failed(n.id(), error).await().atMost(DB_WAIT);
                        metrics.count(channel, NotifyMetrics.FAILED);
                        LOG.errorf("%s failed: %s", what, error);
                    } else {
                        Duration delay = delay(config.dispatch(), n.attempt(), t.retryAfter());
                        store.retryLater(n.id(), t.error(), delay).await().atMost(DB_WAIT);
                        metrics.count(channel, NotifyMetrics.RETRIED);
                        LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms%s: %s", what, n.attempt(), max,
                                delay.toMillis(), t.retryAfter() != null ? " as the receiver asked" : "", t.error());
                    }
                    if (breaker.reopensAt() != null && !breaker.allowsMore()) {
                        LOG.warnf("circuit of channel %s is open after %d consecutive failures: no attempts until %s",
                                channel, breaker.consecutiveFailures(), breaker.reopensAt());
                    }
                }
            }
        }

        void shutdown() {
            executor.shutdown();
        }

        void awaitTermination(Duration timeout) {
            try {
                if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                executor.shutdownNow();
            }
        }
    }
}
