package io.tickflow.marketdata.backfill;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tickflow.events.BarResolution;
import java.time.Duration;
import java.util.List;

/** Gap repair and backfill from the sources' history endpoints ({@code tickflow.backfill.*}). */
@ConfigMapping(prefix = "tickflow.backfill")
public interface BackfillConfig {

    /** Off: no jobs run and gaps are not repaired (jobs can still be submitted; they wait). */
    @WithDefault("true")
    boolean enabled();

    /** History sources, tried in this order for every page: {@code capital} (bid/ask bars), {@code polygon} (trades). */
    @WithDefault("capital,polygon")
    List<String> sources();

    /** Bar resolutions a gap or a restart's outage is repaired in. */
    @WithDefault("MINUTE_1")
    List<BarResolution> repairResolutions();

    /** At start-up, an instrument whose newest stored tick or bar is older than this has an outage to repair. */
    @WithDefault("2m")
    Duration restartGapAfter();

    /** The longest outage repaired automatically (older data needs an explicit backfill). */
    @WithDefault("7d")
    Duration maxRepair();

    /** The longest range one backfill may cover. */
    @WithDefault("366d")
    Duration maxRange();

    /**
     * Pause between two page requests of a job: Capital.com allows 10 requests/s per user, shared with trading and
     * the stream's session, so a backfill takes a small share.
     */
    @WithDefault("200ms")
    Duration pageInterval();

    /** How long after a gap's last bar closes the repair asks for it (the source's bar must be final). */
    @WithDefault("2s")
    Duration settle();

    /** How long a job's claim holds without progress; a job of a crashed instance is taken over after this. */
    @WithDefault("30s")
    Duration lease();

    /** How often idle runners look for runnable jobs. */
    @WithDefault("1s")
    Duration pollInterval();

    /** One history request's time limit. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** A job whose page fails at every source is retried (with backoff) this many times, then FAILED. */
    @WithDefault("5")
    int maxAttempts();
}
