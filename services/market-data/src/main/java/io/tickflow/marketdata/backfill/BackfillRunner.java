package io.tickflow.marketdata.backfill;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tickflow.capital.CapitalComClient;
import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.marketdata.feed.MergedFeed;
import io.tickflow.marketdata.sources.PolygonSettings;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.marketsources.polygon.PolygonRestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Runs backfill jobs, one at a time per instance, on its own thread: claims the next runnable job, fetches its pages
 * from the cursor on (each page from the first history source that answers, in {@code tickflow.backfill.sources}
 * order), stores each page with the cursor ({@link BackfillJobs#storePage}), and finishes it. A gap repair that
 * succeeds is announced as {@code GAP_REPAIRED} on the source-events topic.
 *
 * <p>Several instances share the jobs through claims with a lease: a job whose runner died is taken over once its
 * lease has expired; a runner shutting down hands its job back at once.
 */
@ApplicationScoped
public class BackfillRunner {

    private static final Logger LOG = Logger.getLogger(BackfillRunner.class);

    private final BackfillJobs jobs;
    private final BackfillConfig config;
    private final MergedFeed feed;
    private final MeterRegistry registry;
    private final List<HistorySource> sources;
    /** This instance's name on the jobs it holds. */
    private final String owner = "market-data-" + UUID.randomUUID();
    private ScheduledExecutorService executor;
    private volatile boolean stopping;

    @Inject
    public BackfillRunner(BackfillJobs jobs, BackfillConfig config, MergedFeed feed, MeterRegistry registry,
            Instance<CapitalComClient> capital, Instance<PolygonRestClient> polygon, Instance<SymbolMap> symbols,
            PolygonSettings polygonSettings) {
        this.jobs = jobs;
        this.config = config;
        this.feed = feed;
        this.registry = registry;
        List<HistorySource> ordered = new ArrayList<>();
        for (String name : config.sources()) {
            switch (name.trim()) {
                case CapitalHistory.NAME -> ordered.add(new CapitalHistory(capital.get(), config.requestTimeout()));
                case PolygonHistory.NAME -> ordered.add(new PolygonHistory(polygonSettings.enabled(), symbols::get,
                        polygon::get, config.requestTimeout()));
                default -> throw new IllegalStateException("tickflow.backfill.sources names " + name
                        + ", which has no history endpoint here (capital, polygon)");
            }
        }
        if (ordered.isEmpty()) {
            throw new IllegalStateException("tickflow.backfill.sources is empty: name at least one of capital, polygon");
        }
        this.sources = List.copyOf(ordered);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("backfill runner off (tickflow.backfill.enabled=false): jobs wait");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "backfill-runner"));
        executor.scheduleWithFixedDelay(this::drain, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether some history source can serve the instrument at the resolution (validation of requests). */
    public boolean served(String instrument, BarResolution resolution) {
        return sources.stream().anyMatch(s -> s.serves(instrument, resolution));
    }

    /** Runs runnable jobs until there is none. */
    void drain() {
        try {
            while (!stopping) {
                Optional<BackfillJob> job = jobs.claim(owner, config.lease());
                if (job.isEmpty()) {
                    return;
                }
                run(job.get());
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("backfill runner: %s (next try in %s)", e.toString(), config.pollInterval());
        }
    }

    private void run(BackfillJob job) throws SQLException {
        BackfillPlan plan = job.plan();
        LOG.infof("backfill %s (%s) of %s %s [%s, %s): page %d of %d", job.id(), job.kind(), job.instrument(),
                job.resolution(), job.from(), job.to(), job.pagesDone() + 1, plan.pages());
        long written = job.rowsWritten();
        String lastSource = job.source();
        for (int page = job.pagesDone(); page < plan.pages(); page++) {
            if (stopping) {
                jobs.retryLater(job.id(), owner, null, Instant.now());
                return;
            }
            if (page > job.pagesDone()) {
                LockSupport.parkNanos(config.pageInterval().toNanos()); // pacing, see BackfillConfig.pageInterval
            }
            Instant[] window = plan.page(page);
            Fetched fetched;
            try {
                fetched = fetch(job, window[0], window[1]);
            } catch (RuntimeException e) {
                failed(job, page, e);
                return;
            }
            Optional<Integer> stored = jobs.storePage(job.id(), owner, page, fetched.bars(),
                    job.kind() == BackfillKind.GAP, fetched.source(), config.lease());
            if (stored.isEmpty()) {
                LOG.infof("backfill %s stopped at page %d of %d (cancelled or taken over)", job.id(), page + 1,
                        plan.pages());
                return;
            }
            written += stored.get();
            lastSource = fetched.source() == null ? lastSource : fetched.source();
            registry.counter("tickflow_backfill_pages_total", "kind", job.kind().name()).increment();
            registry.counter("tickflow_backfill_rows_written_total", "kind", job.kind().name())
                    .increment(stored.get());
        }
        if (!jobs.finish(job.id(), owner, BackfillState.SUCCEEDED, null)) {
            return; // cancelled after the last page
        }
        LOG.infof("backfill %s of %s done: %d bars written", job.id(), job.instrument(), written);
        if (job.kind() != BackfillKind.MANUAL) {
            feed.report(SourceEvent.of(Instant.now(), job.instrument(), lastSource == null ? sources.get(0).name()
                            : lastSource, SourceEventKind.GAP_REPAIRED, null, null, job.from(), job.to(),
                    "backfill " + job.id() + ": " + written + " " + job.resolution() + " bars from "
                            + (lastSource == null ? "no source (nothing in range)" : lastSource)));
        }
    }

    private record Fetched(List<Bar> bars, String source) {
    }

    /** The page from the first source that serves the instrument and answers. */
    private Fetched fetch(BackfillJob job, Instant from, Instant to) {
        RuntimeException last = null;
        for (HistorySource source : sources) {
            if (!source.serves(job.instrument(), job.resolution())) {
                continue;
            }
            try {
                return new Fetched(source.bars(job.instrument(), job.resolution(), from, to, Instant.now()),
                        source.name());
            } catch (RuntimeException e) {
                LOG.warnf("backfill %s: %s history of %s [%s, %s) failed: %s; trying the next source", job.id(),
                        source.name(), job.instrument(), from, to, e.toString());
                registry.counter("tickflow_backfill_source_failures_total", "source", source.name()).increment();
                last = e;
            }
        }
        throw last != null ? last : new IllegalStateException("no history source serves " + job.instrument() + " "
                + job.resolution() + " (tickflow.backfill.sources=" + config.sources() + ")");
    }

    private void failed(BackfillJob job, int page, RuntimeException e) throws SQLException {
        String reason = "page " + (page + 1) + ": " + e.getMessage();
        if (job.attempts() < config.maxAttempts()) {
            Duration backoff = Duration.ofSeconds(Math.min(300, 5L << Math.min(6, job.attempts() - 1)));
            LOG.warnf("backfill %s: %s; retrying in %s", job.id(), reason, backoff);
            jobs.retryLater(job.id(), owner, reason, Instant.now().plus(backoff));
        } else {
            LOG.errorf("backfill %s failed after %d attempts: %s (resume it with POST /api/backfill/%s/resume)",
                    job.id(), job.attempts(), reason, job.id());
            jobs.finish(job.id(), owner, BackfillState.FAILED, reason);
        }
    }
}
