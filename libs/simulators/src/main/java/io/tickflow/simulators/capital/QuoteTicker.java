package io.tickflow.simulators.capital;

import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the market: a Vert.x periodic timer that, on each tick, emits for every open instrument as many quotes as its rate
 * demands since the rate was set ({@code floor(elapsed * rate) - emitted}). Timer jitter therefore never changes the average
 * rate: a 1000/s epic on a 10 ms tick gets ~10 quotes per tick, and a late tick catches up. Elapsed time is measured with
 * {@code System.nanoTime()}, not the simulator clock, so a frozen test clock does not stop the feed.
 *
 * <p>The walk advances by the nominal {@code 1/rate} seconds per quote, which keeps a run's price path a pure function of the
 * seed and the quote count, independent of scheduling.
 */
final class QuoteTicker {

    /** A tick that is more than this far behind (a long GC pause, a suspended laptop) skips ahead instead of bursting. */
    private static final long MAX_CATCH_UP_SECONDS = 1;
    /** Step size used for manually emitted quotes of an epic whose rate is 0. */
    private static final double DEFAULT_STEP_SECONDS = 0.2;

    private final Clock clock;
    private final long tickMillis;
    private final Map<String, EpicFeed> feeds = new LinkedHashMap<>();
    private final StreamingHub hub;
    private long timerId = -1;

    QuoteTicker(CapitalComSimulatorConfig config, Map<String, SimulatedInstrument> instruments, StreamingHub hub) {
        this.clock = config.clock();
        this.tickMillis = config.streamTickInterval().toMillis();
        this.hub = hub;
        long now = System.nanoTime();
        instruments.forEach((epic, instrument) -> feeds.put(epic, new EpicFeed(instrument, config.quotesPerSecond(epic), now)));
    }

    /** Starts the timer on the caller's context (the standalone simulator calls it on its server's event loop). */
    synchronized void start(Vertx vertx) {
        timerId = vertx.setPeriodic(tickMillis, ignored -> tick());
    }

    synchronized void stop(Vertx vertx) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    synchronized void tick() {
        long nowNanos = System.nanoTime();
        Instant now = clock.instant();
        for (EpicFeed feed : feeds.values()) {
            long due = feed.dueQuotes(nowNanos);
            if (due <= 0) {
                continue;
            }
            feed.emitted += due;
            // A closed market publishes nothing and its price stands still, but the schedule keeps running so that the
            // reopening does not release a burst of stored-up quotes.
            if (feed.instrument.status(now) != MarketStatus.TRADEABLE) {
                continue;
            }
            for (long i = 0; i < due; i++) {
                hub.publish(feed.instrument, feed.instrument.nextQuote(now, feed.stepSeconds()));
            }
        }
    }

    synchronized void setRate(String epic, int quotesPerSecond) {
        if (quotesPerSecond < 0) {
            throw new IllegalArgumentException("quotesPerSecond must be >= 0");
        }
        feed(epic).restart(quotesPerSecond, System.nanoTime());
    }

    synchronized int rate(String epic) {
        return feed(epic).quotesPerSecond;
    }

    /** Emits {@code count} quotes right now, outside the schedule; none while the market is closed. */
    synchronized List<SimulatedQuote> emitNow(String epic, int count) {
        EpicFeed feed = feed(epic);
        Instant now = clock.instant();
        List<SimulatedQuote> quotes = new ArrayList<>(count);
        if (feed.instrument.status(now) != MarketStatus.TRADEABLE) {
            return quotes;
        }
        for (int i = 0; i < count; i++) {
            SimulatedQuote quote = feed.instrument.nextQuote(now, feed.stepSeconds());
            hub.publish(feed.instrument, quote);
            quotes.add(quote);
        }
        return quotes;
    }

    private EpicFeed feed(String epic) {
        EpicFeed feed = feeds.get(epic);
        if (feed == null) {
            throw new IllegalArgumentException("unknown epic " + epic);
        }
        return feed;
    }

    /** Rate bookkeeping of one epic since its rate was last set. */
    private static final class EpicFeed {
        final SimulatedInstrument instrument;
        int quotesPerSecond;
        long sinceNanos;
        long emitted;

        EpicFeed(SimulatedInstrument instrument, int quotesPerSecond, long nowNanos) {
            this.instrument = instrument;
            restart(quotesPerSecond, nowNanos);
        }

        void restart(int rate, long nowNanos) {
            quotesPerSecond = rate;
            sinceNanos = nowNanos;
            emitted = 0;
        }

        long dueQuotes(long nowNanos) {
            if (quotesPerSecond == 0) {
                return 0;
            }
            long target = (long) ((nowNanos - sinceNanos) / 1e9 * quotesPerSecond);
            long due = target - emitted;
            if (due > quotesPerSecond * MAX_CATCH_UP_SECONDS) {
                // Skip the backlog: restart the schedule from now.
                restart(quotesPerSecond, nowNanos);
                return 0;
            }
            return due;
        }

        double stepSeconds() {
            return quotesPerSecond == 0 ? DEFAULT_STEP_SECONDS : 1.0 / quotesPerSecond;
        }
    }
}
