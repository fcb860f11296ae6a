package io.tickflow.marketsources.alphavantage;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.tickflow.events.Bar;
import io.tickflow.events.InvalidEventException;
import io.tickflow.events.Tick;
import io.tickflow.marketsources.AlphaVantageSymbol;
import io.tickflow.marketsources.DailyBar;
import io.tickflow.marketsources.MarketDataSource;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.RejectedInput;
import io.tickflow.marketsources.SourceEvent;
import io.tickflow.marketsources.SourceHealth;
import io.tickflow.marketsources.SourceOutput;
import io.tickflow.marketsources.SourceState;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.marketsources.alphavantage.AlphaVantagePollingConfig.Job;
import io.vertx.mutiny.core.Vertx;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Alpha Vantage as a (last-resort) {@link MarketDataSource}: polls each {@link Job} on its own period within the client's
 * daily budget, and publishes only what is new since the previous poll.
 * <ul>
 *   <li>Intraday jobs emit the new completed {@link Bar}s and, for the newest one, a {@link Tick} with bid = ask = last =
 *       the bar's close at the bar's close time. That tick is at least one bar old and has no spread: good enough to keep a
 *       merged feed alive when every streaming source is down, never a substitute for a quote.</li>
 *   <li>Daily jobs (DIGITAL_CURRENCY_DAILY, WTI) emit new {@link DailyBar}s on {@link #dailyBars()} and no ticks: a daily
 *       close is history, not a price to trade on.</li>
 *   <li>A throttled answer, a spent budget or an invalid key is reported (events, health) and simply waits for the next
 *       period; nothing is retried early, because every retry spends the budget.</li>
 * </ul>
 */
public final class AlphaVantagePoller implements MarketDataSource {

    private final Vertx vertx;
    private final AlphaVantageClient client;
    private final SymbolMap symbols;
    private final AlphaVantagePollingConfig config;
    private final SourceOutput output;
    private final BroadcastProcessor<DailyBar> daily = BroadcastProcessor.create();
    private final Map<Job, Instant> newestBar = new ConcurrentHashMap<>();
    private final Map<Job, LocalDate> newestDay = new ConcurrentHashMap<>();
    private final List<Long> timers = new ArrayList<>();
    private volatile boolean closed;
    private boolean started;

    /**
     * @throws IllegalArgumentException when the plan needs more requests a day than the client's budget allows, or names an
     *                                  instrument without a suitable Alpha Vantage symbol
     */
    public AlphaVantagePoller(Vertx vertx, AlphaVantageClient client, SymbolMap symbols, AlphaVantagePollingConfig config) {
        long planned = config.requestsPerDay();
        int budget = client.config().requestsPerDay();
        if (planned > budget) {
            throw new IllegalArgumentException("tickflow.alphavantage: the polling plan needs " + planned
                    + " requests a day but tickflow.alphavantage.requests-per-day is " + budget
                    + "; poll less often or raise the budget (paid plans)");
        }
        for (Job job : config.jobs()) {
            AlphaVantageSymbol symbol = symbols.alphaVantage(job.instrument()).orElseThrow(() -> new IllegalArgumentException(
                    SymbolMap.ALPHA_VANTAGE_SETTING + "." + job.instrument() + " is not set"));
            if (job.series() == AlphaVantagePollingConfig.Series.INTRADAY && !(symbol instanceof AlphaVantageSymbol.Crypto)) {
                throw new IllegalArgumentException(SymbolMap.ALPHA_VANTAGE_SETTING + "." + job.instrument()
                        + " is " + symbol + ": Alpha Vantage has intraday series for digital currencies only");
            }
        }
        this.vertx = vertx;
        this.client = client;
        this.symbols = symbols;
        this.config = config;
        this.output = new SourceOutput(AlphaVantageClient.SOURCE, client.config().clock());
    }

    /** Polls every job now (one after the other, the client spaces them) and then on its period. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        for (Job job : config.jobs()) {
            poll(job);
            timers.add(vertx.setPeriodic(job.every().toMillis(), ignored -> poll(job)));
        }
    }

    /**
     * Polls one job now, outside its schedule (it still spends budget). Completes when the poll is over, whatever its
     * outcome: failures show in {@link #health()} and {@link #events()}.
     */
    public Uni<Void> pollNow(Job job) {
        return fetch(job);
    }

    @Override
    public String name() {
        return AlphaVantageClient.SOURCE;
    }

    @Override
    public Multi<Tick> ticks() {
        return output.ticks();
    }

    @Override
    public Multi<Bar> bars() {
        return output.bars();
    }

    /** New daily values (digital currencies, WTI), oldest first. */
    public Multi<DailyBar> dailyBars() {
        return daily.onOverflow().buffer(16_384);
    }

    @Override
    public Multi<SourceEvent> events() {
        return output.events();
    }

    @Override
    public SourceHealth health() {
        return output.health();
    }

    @Override
    public Multi<RejectedInput> rejections() {
        return client.rejections();
    }

    @Override
    public Map<RejectReason, Long> rejectionCounts() {
        return client.rejectionCounts();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            timers.forEach(vertx::cancelTimer);
        }
        output.close();
        synchronized (daily) {
            daily.onComplete();
        }
    }

    private void poll(Job job) {
        if (!closed) {
            fetch(job).subscribe().with(ignored -> { });
        }
    }

    private Uni<Void> fetch(Job job) {
        Uni<Integer> fetched = switch (job.series()) {
            case INTRADAY -> client.cryptoIntraday(job.instrument(), job.resolution(), AlphaVantageClient.OutputSize.COMPACT)
                    .map(bars -> publishBars(job, bars));
            case DAILY -> (symbols.alphaVantage(job.instrument()).orElseThrow() instanceof AlphaVantageSymbol.Crypto
                    ? client.digitalCurrencyDaily(job.instrument()) : client.commodityDaily(job.instrument()))
                    .map(values -> publishDaily(job, values));
        };
        return fetched.onItem().invoke(count -> {
                    output.state(SourceState.CONNECTED, null);
                    output.event(SourceEvent.Type.POLLED, job.instrument() + " " + job.series() + ": " + count + " new");
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    onFailure(job, failure);
                    return Uni.createFrom().voidItem();
                });
    }

    private int publishBars(Job job, List<Bar> bars) {
        Instant previous = newestBar.get(job);
        List<Bar> fresh = bars.stream().filter(bar -> previous == null || bar.openTime().isAfter(previous)).toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        fresh.forEach(output::bar);
        Bar newest = fresh.getLast();
        newestBar.put(job, newest.openTime());
        try {
            output.tick(new Tick(Tick.SCHEMA_VERSION, UUID.randomUUID(), newest.eventTime(), newest.ingestTime(),
                    newest.instrument(), AlphaVantageClient.SOURCE, newest.close(), newest.close(), newest.close(), null));
        } catch (InvalidEventException e) {
            // cannot happen for a bar that passed its own checks; never let it stop the poller
            output.event(SourceEvent.Type.ERROR, "tick from bar: " + e.getMessage());
        }
        return fresh.size();
    }

    private int publishDaily(Job job, List<DailyBar> values) {
        LocalDate previous = newestDay.get(job);
        List<DailyBar> fresh = values.stream().filter(value -> previous == null || value.date().isAfter(previous)).toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        synchronized (daily) {
            fresh.forEach(daily::onNext);
        }
        newestDay.put(job, fresh.getLast().date());
        output.dataReceived();
        return fresh.size();
    }

    private void onFailure(Job job, Throwable failure) {
        output.countReconnect();
        String what = job.instrument() + " " + job.series() + ": " + failure.getMessage();
        if (failure instanceof AlphaVantageException e) {
            switch (e.kind()) {
                case THROTTLED -> {
                    output.state(SourceState.THROTTLED, what);
                    output.event(SourceEvent.Type.THROTTLED, what);
                }
                case BUDGET_EXHAUSTED -> {
                    output.state(SourceState.THROTTLED, what);
                    output.event(SourceEvent.Type.BUDGET_EXHAUSTED, what);
                }
                case INVALID_API_KEY -> {
                    output.state(SourceState.AUTH_FAILED, what);
                    output.event(SourceEvent.Type.AUTH_FAILED, what);
                }
                default -> {
                    output.state(SourceState.DISCONNECTED, what);
                    output.event(SourceEvent.Type.ERROR, what);
                }
            }
        } else {
            output.state(SourceState.DISCONNECTED, what);
            output.event(SourceEvent.Type.ERROR, what);
        }
    }
}
