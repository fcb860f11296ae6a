package io.tickflow.simulators.polygon;

import io.tickflow.simulators.polygon.AggregateHistory.Timespan;
import io.tickflow.simulators.polygon.PolygonStreamHub.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polygon.io / Massive in a box, for the crypto cluster: the WebSocket feed on {@code /crypto} (auth, subscribe, XQ quotes,
 * XT trades, XA/XAS aggregates built from the simulated trades, status messages) and the REST aggregates endpoint
 * {@code /v2/aggs/ticker/...} with pagination, on plain Vert.x. Prices follow a seeded walk, so a run is reproducible from
 * its seed; {@link #faults()} reproduces the known failure modes; the {@code publish...} methods put exact events on the
 * wire for tests.
 *
 * <p>Standalone in a test: {@code PolygonSimulator sim = PolygonSimulator.start(config)}, then {@link #streamUrl()} (use it
 * instead of {@code wss://socket.massive.com/crypto}) and {@link #restUrl()} (instead of {@code https://api.massive.com}).
 * Inside an application with its own router: {@link #create(Vertx, PolygonSimulatorConfig)} then {@link #mount(Router)}.
 */
public final class PolygonSimulator implements AutoCloseable {

    private static final long STARTUP_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final PolygonSimulatorConfig config;
    private final PolygonStreamHub hub;
    private final CryptoMarket market;
    private final AggregateHistory history;
    private final PolygonRestApi restApi;
    private final PolygonFaults faults;
    private volatile HttpServer server;

    private PolygonSimulator(Vertx vertx, boolean ownsVertx, PolygonSimulatorConfig config) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
        this.hub = new PolygonStreamHub(config);
        this.market = new CryptoMarket(config, hub);
        this.history = new AggregateHistory(config);
        this.restApi = new PolygonRestApi(config, history);
        this.faults = new PolygonFaults(hub, market, restApi);
    }

    /**
     * Starts a standalone simulator on its own single-event-loop Vert.x bound to {@code config.host():config.port()} and
     * waits until it listens.
     */
    public static PolygonSimulator start(PolygonSimulatorConfig config) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        PolygonSimulator simulator = new PolygonSimulator(vertx, true, config);
        Router router = Router.router(vertx);
        simulator.mount(router);
        Context context = vertx.getOrCreateContext();
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            simulator.startTimers();
            vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()).setTcpNoDelay(true))
                    .requestHandler(router)
                    .listen()
                    .onSuccess(listening::complete)
                    .onFailure(listening::completeExceptionally);
        });
        try {
            simulator.server = listening.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            vertx.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Polygon simulator failed to start on " + config.host() + ":" + config.port(), e);
        }
        return simulator;
    }

    /** A simulator on the caller's Vert.x (its timers start now) that serves nothing until {@link #mount(Router)}. */
    public static PolygonSimulator create(Vertx vertx, PolygonSimulatorConfig config) {
        PolygonSimulator simulator = new PolygonSimulator(vertx, false, config);
        simulator.startTimers();
        return simulator;
    }

    private void startTimers() {
        market.start(vertx);
        hub.start(vertx);
    }

    /** Registers {@code /crypto} (WebSocket) and {@code /v2/aggs/...} (REST) on the given router. */
    public void mount(Router router) {
        restApi.mount(router);
        router.get("/crypto").handler(ctx -> {
            HttpConnection connection = ctx.request().connection();
            ctx.request().toWebSocket()
                    .onSuccess(socket -> hub.accept(socket, connection))
                    .onFailure(error -> {
                        if (!ctx.response().ended()) {
                            ctx.response().setStatusCode(400).end("WebSocket upgrade required");
                        }
                    });
        });
    }

    /** {@code ws://127.0.0.1:PORT/crypto}: stands in for {@code wss://socket.massive.com/crypto}. */
    public String streamUrl() {
        return "ws://" + config.host() + ":" + port() + "/crypto";
    }

    /** {@code http://127.0.0.1:PORT}: stands in for {@code https://api.massive.com}. */
    public String restUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public int port() {
        HttpServer listening = server;
        if (listening == null) {
            throw new IllegalStateException("this simulator is mounted on an application router and has no server of its own");
        }
        return listening.actualPort();
    }

    public PolygonSimulatorConfig config() {
        return config;
    }

    public PolygonFaults faults() {
        return faults;
    }

    public PolygonStats stats() {
        return new PolygonStats(hub.accepted(), hub.openConnections(), hub.authSuccesses(), hub.authFailures(),
                hub.maxConnectionRejections(), hub.subscribeRequests(), hub.eventsSent(), hub.rawFramesSent(),
                hub.forcedDisconnects(), restApi.requests(), restApi.rateLimited());
    }

    /** The subscriptions of each open socket, normalised to {@code XQ.BTC-USD} form. */
    public List<Set<String>> subscriptions() {
        return hub.subscriptionsOfOpenSockets();
    }

    public Set<String> pairs() {
        return market.pairs();
    }

    // ---------------------------------------------------------------- driving the feed

    /** Changes a pair's XQ rate while running; 0 stops its timer-driven quotes. */
    public void setQuoteRate(String pair, int perSecond) {
        market.setQuoteRate(pair, perSecond);
    }

    /** Changes a pair's XT rate while running (aggregates follow the trades); 0 stops its timer-driven trades. */
    public void setTradeRate(String pair, int perSecond) {
        market.setTradeRate(pair, perSecond);
    }

    /** Draws {@code count} quotes from the pair's walk and sends them now. */
    public List<CryptoQuote> emitQuotes(String pair, int count) {
        return market.emitQuotes(pair, count);
    }

    /** Draws {@code count} trades from the pair's walk and sends them now; they count towards the pair's XA/XAS bars. */
    public List<CryptoTrade> emitTrades(String pair, int count) {
        return market.emitTrades(pair, count);
    }

    /**
     * Sends exactly this {@code XQ} event to the sockets subscribed to the pair's quotes. Nothing is validated and null
     * fields are left out, so a test can send crossed, negative or incomplete quotes.
     */
    public void publishQuote(String pair, BigDecimal bid, BigDecimal ask, BigDecimal bidSize, BigDecimal askSize, Instant t) {
        hub.broadcast(List.of(Event.of("XQ", pair, new CryptoQuote("XQ", pair, bid, bidSize, ask, askSize, millis(t), 1,
                millis(t)))));
    }

    /** Sends exactly this {@code XT} event to the sockets subscribed to the pair's trades (not validated). */
    public void publishTrade(String pair, BigDecimal price, BigDecimal size, Instant t) {
        hub.broadcast(List.of(Event.of("XT", pair, new CryptoTrade("XT", pair, price, millis(t), size, List.of(0), "sim",
                1, millis(t)))));
    }

    /**
     * Sends exactly this aggregate: {@code XAS} (per second) when {@code perSecond}, else {@code XA} (per minute), to the
     * sockets subscribed to it (not validated).
     */
    public void publishAggregate(boolean perSecond, String pair, BigDecimal open, BigDecimal high, BigDecimal low,
            BigDecimal close, BigDecimal volume, Instant start, Instant end) {
        String ev = perSecond ? "XAS" : "XA";
        hub.broadcast(List.of(Event.of(ev, pair, new CryptoAggregate(ev, pair, open, close, high, low, volume, millis(start),
                millis(end), null, null))));
    }

    /**
     * Serves exactly {@code bars} for {@code GET /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/...} instead of the
     * generated history ({@code timespan}: second, minute, hour or day).
     */
    public void putAggregates(String ticker, int multiplier, String timespan, List<AggregateBar> bars) {
        Timespan parsed = Timespan.parse(timespan);
        if (parsed == null) {
            throw new IllegalArgumentException("timespan must be second, minute, hour or day: " + timespan);
        }
        history.put(ticker, multiplier, parsed, bars);
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    /** Stops the timers and closes the sockets; a standalone simulator also closes its server and its Vert.x. */
    @Override
    public void close() {
        market.stop(vertx);
        hub.stop(vertx);
        if (ownsVertx) {
            Future<Void> closed = vertx.close();
            try {
                closed.toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Polygon simulator did not shut down cleanly", e);
            }
        }
    }
}
