package io.tickflow.marketdata.backfill;

import io.quarkus.runtime.StartupEvent;
import io.tickflow.events.BarResolution;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.marketdata.MarketDataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Turns gaps into repair jobs ({@link BackfillRunner} runs them):
 * <ul>
 *   <li>a gap of the merged feed, once it has ended ({@code GAP_ENDED} gives its bounds): the bars from the one holding
 *   {@code gapStart} to the one holding {@code gapEnd}, asked for once the last of them has closed at the source;
 *   <li>an outage found at start-up: an instrument whose newest stored tick or bar is older than
 *   {@code restart-gap-after} gets the bars from then (at most {@code max-repair} back) to now, the bar in progress at
 *   start-up included (the aggregator never emits a bar whose beginning it did not see).
 * </ul>
 * The jobs are rows of {@code market_data.backfill_jobs}: a repair interrupted by a restart resumes from its cursor.
 */
@ApplicationScoped
public class GapRepairs {

    private static final Logger LOG = Logger.getLogger(GapRepairs.class);

    private final BackfillJobs jobs;
    private final BackfillConfig config;
    private final MarketDataConfig marketData;

    @Inject
    public GapRepairs(BackfillJobs jobs, BackfillConfig config, MarketDataConfig marketData) {
        this.jobs = jobs;
        this.config = config;
        this.marketData = marketData;
        for (BarResolution r : config.repairResolutions()) {
            if (r == BarResolution.SECOND_1) {
                throw new IllegalStateException("tickflow.backfill.repair-resolutions contains SECOND_1: no source"
                        + " has second bars in its history (use MINUTE_1, MINUTE_5, HOUR_1)");
            }
        }
    }

    void onSourceEvent(@ObservesAsync SourceEvent event) {
        if (event.kind() != SourceEventKind.GAP_ENDED || !config.enabled()) {
            return;
        }
        try {
            repairGap(event.instrument(), event.gapStart(), event.gapEnd());
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("gap of %s [%s, %s] not queued for repair: %s", event.instrument(), event.gapStart(),
                    event.gapEnd(), e.toString());
        }
    }

    /** Queues the repair of a gap of the merged feed between two exchange times. */
    public List<BackfillJob> repairGap(String instrument, Instant gapStart, Instant gapEnd) throws SQLException {
        List<BackfillJob> queued = new ArrayList<>();
        for (BarResolution r : config.repairResolutions()) {
            Instant from = BackfillPlan.floor(gapStart, r);
            Instant to = BackfillPlan.floor(gapEnd, r).plus(r.length()); // the bar holding gapEnd included
            BackfillJob job = jobs.createOrResume(BackfillKind.GAP, instrument, r, from, to,
                    to.plus(config.settle())).job();
            LOG.infof("gap of %s [%s, %s]: repair %s of %s bars [%s, %s) queued, due %s", instrument, gapStart,
                    gapEnd, job.id(), r, from, to, job.notBefore());
            queued.add(job);
        }
        return queued;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        try {
            scanAfterRestart(Instant.now());
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("start-up gap scan failed (no outage repaired this time): %s", e.toString());
        }
    }

    /** Queues the repair of every instrument's outage up to {@code now}; returns the jobs queued. */
    public List<BackfillJob> scanAfterRestart(Instant now) throws SQLException {
        List<BackfillJob> queued = new ArrayList<>();
        for (String instrument : marketData.instruments()) {
            Instant last = jobs.lastStored(instrument);
            if (last == null || last.isAfter(now.minus(config.restartGapAfter()))) {
                continue; // nothing stored yet (no anchor), or no outage worth a repair
            }
            Instant since = last.isBefore(now.minus(config.maxRepair())) ? now.minus(config.maxRepair()) : last;
            for (BarResolution r : config.repairResolutions()) {
                Instant from = BackfillPlan.floor(since, r);
                if (jobs.hasOpenRepairReaching(instrument, r, from)) {
                    continue; // an unfinished repair of an earlier start covers its beginning and resumes
                }
                Instant current = BackfillPlan.floor(now, r);
                if (from.isBefore(current)) { // the complete bars, at once
                    queued.add(jobs.createOrResume(BackfillKind.RESTART, instrument, r, from, current, now).job());
                }
                // the bar in progress at start-up, once it has closed at the source
                Instant end = current.plus(r.length());
                queued.add(jobs.createOrResume(BackfillKind.RESTART, instrument, r, current, end,
                        end.plus(config.settle())).job());
            }
            LOG.infof("%s: newest stored data is from %s; outage repair queued from %s", instrument, last, since);
        }
        return queued;
    }
}
