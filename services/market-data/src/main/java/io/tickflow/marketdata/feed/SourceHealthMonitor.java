package io.tickflow.marketdata.feed;

import io.tickflow.domain.instrument.TradingHours;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The merged feed's decisions for one instrument, as pure logic over explicit instants: which of its ranked sources is
 * healthy, which one is active, when to fail over, when to switch back, when the feed has a gap, and which ticks are
 * duplicates. Not thread-safe: {@link MergedFeed} calls it under the instrument's lock.
 *
 * <ul>
 *   <li><b>Stale</b>: a source that sent nothing for longer than its threshold ({@code stale-after.<source>}) while the
 *       instrument is inside its trading hours. Closed hours are not an outage: nothing goes stale while the market is
 *       closed, and silence is counted again from the moment it reopens. A source that never sent anything gets
 *       {@code startupGrace} (at least its threshold) after start-up or opening, because logging in and subscribing
 *       takes a moment.</li>
 *   <li><b>Failover</b>: when the active source goes stale the feed moves at once to the best-ranked healthy source,
 *       so the switch happens one threshold (plus one check interval) after the active source's last tick.</li>
 *   <li><b>Switch back</b> (hysteresis): to a better-ranked source only once it has been healthy without interruption
 *       for {@code switchBackAfter}, counted at the earliest from the market's opening. A source that flickers never
 *       gets there, so the feed does not flap.</li>
 *   <li><b>Start-up</b>: the feed waits for better-ranked sources that have not spoken yet (until they do, or go stale)
 *       rather than starting on a worse one and switching back a moment later.</li>
 *   <li><b>Gap</b>: no healthy source while the market is open. It starts at the exchange time of the last published
 *       tick and ends with the first tick published after it.</li>
 *   <li><b>Duplicates</b>: only the active source's ticks are published, and only when their exchange time does not go
 *       backwards; a tick with the same exchange time as the last published one is a duplicate when it comes from
 *       another source (the same market moment seen twice at a switch) and a new quote when it comes from the same.</li>
 * </ul>
 */
public final class SourceHealthMonitor {

    /** One source as the REST view and the gauges show it. */
    public record SourceView(String source, int rank, SourceStatus status, Instant lastTickAt, Instant healthySince,
            Duration staleAfter) {
    }

    private static final class Tracked {
        private SourceStatus status = SourceStatus.UNKNOWN;
        private Instant lastTickAt;
        private Instant healthySince;
    }

    private final String instrument;
    private final List<String> ranking;
    private final Map<String, Duration> staleAfter;
    private final Duration switchBackAfter;
    private final Duration startupGrace;
    private final TradingHours hours;
    private final Instant startedAt;
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Two weeks: a pause longer than that certainly spanned a close of any instrument that closes at all. */
    private static final int MAX_MINUTES_SCANNED = 14 * 24 * 60;

    private final Map<String, Tracked> sources = new LinkedHashMap<>();
    private String active;
    private boolean everActive;
    private boolean open;
    private Instant openedAt;
    private Instant lastEvaluatedAt;
    private Instant lastPublishedEventTime;
    private String lastPublishedSource;
    /** Non-null while the feed has a gap. */
    private Instant gapStart;
    private String gapFrom;

    /**
     * @param ranking         the instrument's sources, best first
     * @param staleAfter      per source (every ranked source must have one): silence after which it is stale
     * @param switchBackAfter how long a better-ranked source must be healthy before the feed switches back to it
     * @param startupGrace    how long a source that never sent anything may stay silent after start-up or opening
     * @param hours           the instrument's trading hours
     * @param startedAt       when the feed started
     */
    public SourceHealthMonitor(String instrument, List<String> ranking, Map<String, Duration> staleAfter,
            Duration switchBackAfter, Duration startupGrace, TradingHours hours, Instant startedAt) {
        this.instrument = Objects.requireNonNull(instrument, "instrument");
        this.ranking = List.copyOf(ranking);
        if (this.ranking.isEmpty()) {
            throw new IllegalArgumentException(instrument + ": no sources ranked");
        }
        for (String source : this.ranking) {
            Duration threshold = staleAfter.get(source);
            if (threshold == null || threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException(instrument + ": no positive stale threshold for " + source);
            }
            sources.put(source, new Tracked());
        }
        this.staleAfter = Map.copyOf(staleAfter);
        this.switchBackAfter = Objects.requireNonNull(switchBackAfter, "switchBackAfter");
        this.startupGrace = Objects.requireNonNull(startupGrace, "startupGrace");
        this.hours = Objects.requireNonNull(hours, "hours");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.open = hours.isOpen(startedAt);
        this.openedAt = open ? startedAt : null;
    }

    /**
     * A valid tick from {@code source}, received at {@code receivedAt} with exchange time {@code eventTime}: updates the
     * source's health, re-evaluates the feed, and says whether to publish the tick.
     */
    public TickVerdict onTick(String source, Instant eventTime, Instant receivedAt) {
        Tracked tracked = sources.get(source);
        if (tracked == null) {
            return new TickVerdict(false, false, List.of()); // not ranked for this instrument
        }
        List<SourceEvent> events = new ArrayList<>();
        Instant previous = tracked.lastTickAt;
        if (previous == null || receivedAt.isAfter(previous)) {
            tracked.lastTickAt = receivedAt;
        }
        if (tracked.status == SourceStatus.STALE) {
            tracked.status = SourceStatus.HEALTHY;
            tracked.healthySince = receivedAt;
            Duration silent = Duration.between(previous == null ? startedAt : previous, receivedAt);
            events.add(event(receivedAt, source, SourceEventKind.SOURCE_RECOVERED, null, null, null, null,
                    source + " delivers again after " + format(silent) + " of silence"));
        } else if (tracked.status == SourceStatus.UNKNOWN) {
            tracked.status = SourceStatus.HEALTHY;
            tracked.healthySince = receivedAt;
        }
        events.addAll(evaluate(receivedAt));

        if (!source.equals(active)) {
            return new TickVerdict(false, false, events);
        }
        if (lastPublishedEventTime != null && (eventTime.isBefore(lastPublishedEventTime)
                || eventTime.equals(lastPublishedEventTime) && !source.equals(lastPublishedSource))) {
            return new TickVerdict(false, true, events);
        }
        if (gapStart != null) {
            Instant gapEnd = eventTime.isBefore(gapStart) ? gapStart : eventTime;
            events.add(event(receivedAt, source, SourceEventKind.GAP_ENDED, gapFrom, source, gapStart, gapEnd,
                    "ticks again from " + source + " after " + format(Duration.between(gapStart, gapEnd))
                            + " without a healthy source"));
            gapStart = null;
            gapFrom = null;
        }
        lastPublishedEventTime = eventTime;
        lastPublishedSource = source;
        return new TickVerdict(true, false, events);
    }

    /** Judges staleness at {@code now} and switches sources when needed; the checker calls it periodically. */
    public List<SourceEvent> evaluate(Instant now) {
        List<SourceEvent> events = new ArrayList<>();
        boolean openNow = hours.isOpen(now);
        if (openNow && (!open || closedBetween(lastEvaluatedAt, now))) {
            openedAt = now; // silence is counted from the opening, not across the closed hours
        }
        open = openNow;
        if (lastEvaluatedAt == null || now.isAfter(lastEvaluatedAt)) {
            lastEvaluatedAt = now;
        }
        if (open) {
            judgeStaleness(now, events);
        }
        select(now, events);
        return events;
    }

    private void judgeStaleness(Instant now, List<SourceEvent> events) {
        for (String source : ranking) {
            Tracked tracked = sources.get(source);
            if (tracked.status == SourceStatus.STALE) {
                continue;
            }
            Instant silentSince = latest(tracked.lastTickAt == null ? startedAt : tracked.lastTickAt, openedAt);
            Duration threshold = tracked.status == SourceStatus.UNKNOWN
                    ? longest(staleAfter.get(source), startupGrace) : staleAfter.get(source);
            Duration silent = Duration.between(silentSince, now);
            if (silent.compareTo(threshold) > 0) {
                tracked.status = SourceStatus.STALE;
                tracked.healthySince = null;
                events.add(event(now, source, SourceEventKind.SOURCE_STALE, null, null, null, null,
                        tracked.lastTickAt == null
                                ? "no tick from " + source + " within " + format(threshold) + " of start-up or opening"
                                : source + " sent nothing for " + format(silent) + " (stale after "
                                        + format(threshold) + ")"));
            }
        }
    }

    private void select(Instant now, List<SourceEvent> events) {
        if (active == null) {
            selectWithoutActive(now, events);
            return;
        }
        if (!open) {
            return; // closed: no source can have gone stale, and a switch back can wait for the opening
        }
        Tracked current = sources.get(active);
        if (current.status == SourceStatus.STALE) {
            String next = firstHealthy();
            if (next != null) {
                events.add(event(now, next, SourceEventKind.FAILOVER, active, next, null, null,
                        active + " stale: no tick for " + format(Duration.between(current.lastTickAt == null
                                ? startedAt : current.lastTickAt, now)) + " (stale after "
                                + format(staleAfter.get(active)) + ")"));
                active = next;
            } else {
                gapStart = lastPublishedEventTime != null ? lastPublishedEventTime : openedAt;
                gapFrom = active;
                events.add(event(now, active, SourceEventKind.GAP_DETECTED, active, null, gapStart, null,
                        "no healthy source: " + statuses()));
                active = null;
            }
            return;
        }
        int rank = ranking.indexOf(active);
        for (int i = 0; i < rank; i++) {
            String better = ranking.get(i);
            Tracked tracked = sources.get(better);
            if (tracked.status != SourceStatus.HEALTHY) {
                continue;
            }
            Instant healthySince = latest(tracked.healthySince, openedAt);
            if (!now.isBefore(healthySince.plus(switchBackAfter))) {
                events.add(event(now, better, SourceEventKind.SWITCH_BACK, active, better, null, null,
                        better + " healthy for " + format(Duration.between(healthySince, now)) + " (switch back after "
                                + format(switchBackAfter) + ")"));
                active = better;
                return;
            }
        }
    }

    /** At start-up, or during a gap: the best healthy source, if the better ones have had their chance. */
    private void selectWithoutActive(Instant now, List<SourceEvent> events) {
        for (String source : ranking) {
            SourceStatus status = sources.get(source).status;
            if (status == SourceStatus.HEALTHY) {
                active = source; // a gap ends with the first tick this source gets published
                everActive = true;
                return;
            }
            if (status == SourceStatus.UNKNOWN && !everActive) {
                return; // start-up: a better source that has not spoken yet gets its chance
            }
        }
        if (open && gapStart == null && sources.values().stream().allMatch(t -> t.status == SourceStatus.STALE)) {
            gapStart = lastPublishedEventTime != null ? lastPublishedEventTime : openedAt;
            gapFrom = null;
            events.add(event(now, ranking.getFirst(), SourceEventKind.GAP_DETECTED, null, null, gapStart, null,
                    "no healthy source: " + statuses()));
        }
    }

    /**
     * Whether the market closed at some point strictly between two evaluations. The checker evaluates every 100 ms, so
     * this only matters after a long pause (a stalled process): sessions are whole minutes, so minute steps find every
     * close.
     */
    private boolean closedBetween(Instant from, Instant to) {
        if (from == null) {
            return false;
        }
        int steps = 0;
        for (Instant t = from.plus(MINUTE); t.isBefore(to); t = t.plus(MINUTE)) {
            if (!hours.isOpen(t) || ++steps > MAX_MINUTES_SCANNED) {
                return true;
            }
        }
        return false;
    }

    private String firstHealthy() {
        for (String source : ranking) {
            if (sources.get(source).status == SourceStatus.HEALTHY) {
                return source;
            }
        }
        return null;
    }

    private String statuses() {
        return sources.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().status.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    private SourceEvent event(Instant at, String source, SourceEventKind kind, String from, String to, Instant gapStart,
            Instant gapEnd, String reason) {
        return SourceEvent.of(at, instrument, source, kind, from, to, gapStart, gapEnd, reason);
    }

    public String instrument() {
        return instrument;
    }

    public List<String> ranking() {
        return ranking;
    }

    /** The source whose ticks are published, or null (at start-up before any source spoke, or during a gap). */
    public String active() {
        return active;
    }

    /** Whether the instrument was inside its trading hours at the last evaluation. */
    public boolean open() {
        return open;
    }

    /** The start of the current gap (exchange time of the last tick published before it), if there is one. */
    public Optional<Instant> gapStart() {
        return Optional.ofNullable(gapStart);
    }

    public SourceStatus status(String source) {
        Tracked tracked = sources.get(source);
        return tracked == null ? null : tracked.status;
    }

    public List<SourceView> sources() {
        List<SourceView> views = new ArrayList<>();
        for (int i = 0; i < ranking.size(); i++) {
            String source = ranking.get(i);
            Tracked t = sources.get(source);
            views.add(new SourceView(source, i + 1, t.status, t.lastTickAt, t.healthySince, staleAfter.get(source)));
        }
        return views;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** "1.2 s" below two minutes, "61 min" above: readable in an alert. */
    static String format(Duration d) {
        long millis = Math.max(0, d.toMillis());
        return millis < 120_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : (millis / 60_000) + " min";
    }
}
