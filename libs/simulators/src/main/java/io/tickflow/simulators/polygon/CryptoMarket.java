package io.tickflow.simulators.polygon;

import io.tickflow.simulators.polygon.PolygonStreamHub.Event;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drives the simulated crypto market: a Vert.x periodic timer that, on each tick, draws for every pair as many quotes and
 * trades as its rates demand since they were set ({@code floor(elapsed * rate) - emitted}, so timer jitter never changes
 * the average rate), closes the second and minute aggregate windows that ended, and sends everything of the tick as one
 * message per subscribed socket. Elapsed time for the rates is {@code System.nanoTime()}; event timestamps come from the
 * simulator clock.
 *
 * <p>Silence (a fault) stops data for all pairs or one pair while sockets stay open and answer pings: the case a staleness
 * watchdog must catch, since nothing at the connection level looks wrong.
 */
final class CryptoMarket {

    /** A tick more than this far behind (GC pause) skips ahead instead of bursting. */
    private static final long MAX_CATCH_UP_SECONDS = 1;

    private final Clock clock;
    private final long tickMillis;
    private final PolygonStreamHub hub;
    private final Map<String, PairFeed> feeds = new LinkedHashMap<>();
    private final Set<String> silencedPairs = ConcurrentHashMap.newKeySet();
    private volatile boolean silenced;
    private long timerId = -1;

    CryptoMarket(PolygonSimulatorConfig config, PolygonStreamHub hub) {
        this.clock = config.clock();
        this.tickMillis = config.tickInterval().toMillis();
        this.hub = hub;
        long now = System.nanoTime();
        config.pairs().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> feeds.put(entry.getKey(),
                new PairFeed(new SimulatedPair(entry.getKey(), entry.getValue(), config.seed()), config.quotesPerSecond(),
                        config.tradesPerSecond(), now)));
    }

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
        long nowMillis = clock.millis();
        List<Event> batch = new ArrayList<>();
        for (PairFeed feed : feeds.values()) {
            long quotes = feed.quotes.due(nowNanos);
            long trades = feed.trades.due(nowNanos);
            // Interleave so that trades fall between quotes, as on a real feed.
            for (long q = 0, t = 0; q < quotes || t < trades; ) {
                if (q < quotes) {
                    add(batch, quote(feed.pair.nextQuote(nowMillis)));
                    q++;
                }
                if (t < trades) {
                    add(batch, trade(feed.pair.nextTrade(nowMillis)));
                    t++;
                }
            }
            for (CryptoAggregate bar : feed.pair.closedAggregates(nowMillis)) {
                add(batch, Event.of(bar.ev(), bar.pair(), bar));
            }
        }
        hub.broadcast(batch);
    }

    private void add(List<Event> batch, Event event) {
        if (!silenced && !silencedPairs.contains(event.pair())) {
            batch.add(event);
        }
    }

    /** Draws and sends {@code count} quotes of {@code pair} now, outside the schedule (subject to silence). */
    synchronized List<CryptoQuote> emitQuotes(String pair, int count) {
        SimulatedPair simulated = feed(pair).pair;
        List<CryptoQuote> quotes = new ArrayList<>(count);
        List<Event> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CryptoQuote quote = simulated.nextQuote(clock.millis());
            quotes.add(quote);
            add(batch, quote(quote));
        }
        hub.broadcast(batch);
        return quotes;
    }

    /** Draws and sends {@code count} trades of {@code pair} now; they count towards its aggregates. */
    synchronized List<CryptoTrade> emitTrades(String pair, int count) {
        SimulatedPair simulated = feed(pair).pair;
        List<CryptoTrade> trades = new ArrayList<>(count);
        List<Event> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            CryptoTrade trade = simulated.nextTrade(clock.millis());
            trades.add(trade);
            add(batch, trade(trade));
        }
        hub.broadcast(batch);
        return trades;
    }

    synchronized void setQuoteRate(String pair, int perSecond) {
        feed(pair).quotes.restart(perSecond, System.nanoTime());
    }

    synchronized void setTradeRate(String pair, int perSecond) {
        feed(pair).trades.restart(perSecond, System.nanoTime());
    }

    void silence(boolean on) {
        silenced = on;
    }

    void silence(String pair, boolean on) {
        feed(pair);
        if (on) {
            silencedPairs.add(pair);
        } else {
            silencedPairs.remove(pair);
        }
    }

    void resumeAll() {
        silenced = false;
        silencedPairs.clear();
    }

    Set<String> pairs() {
        return feeds.keySet();
    }

    private PairFeed feed(String pair) {
        PairFeed feed = feeds.get(pair);
        if (feed == null) {
            throw new IllegalArgumentException("unknown pair " + pair + " (pairs: " + feeds.keySet() + ")");
        }
        return feed;
    }

    private static Event quote(CryptoQuote quote) {
        return Event.of("XQ", quote.pair(), quote);
    }

    private static Event trade(CryptoTrade trade) {
        return Event.of("XT", trade.pair(), trade);
    }

    private static final class PairFeed {
        final SimulatedPair pair;
        final Schedule quotes;
        final Schedule trades;

        PairFeed(SimulatedPair pair, int quotesPerSecond, int tradesPerSecond, long nowNanos) {
            this.pair = pair;
            this.quotes = new Schedule(quotesPerSecond, nowNanos);
            this.trades = new Schedule(tradesPerSecond, nowNanos);
        }
    }

    /** Rate bookkeeping of one event kind of one pair since its rate was last set. */
    private static final class Schedule {
        int perSecond;
        long sinceNanos;
        long emitted;

        Schedule(int perSecond, long nowNanos) {
            restart(perSecond, nowNanos);
        }

        void restart(int rate, long nowNanos) {
            if (rate < 0) {
                throw new IllegalArgumentException("rate must be >= 0: " + rate);
            }
            perSecond = rate;
            sinceNanos = nowNanos;
            emitted = 0;
        }

        long due(long nowNanos) {
            if (perSecond == 0) {
                return 0;
            }
            long target = (long) ((nowNanos - sinceNanos) / 1e9 * perSecond);
            long due = target - emitted;
            if (due > perSecond * MAX_CATCH_UP_SECONDS) {
                restart(perSecond, nowNanos);
                return 0;
            }
            emitted += due;
            return due;
        }
    }
}
