package io.tickflow.simulators.capital;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Capital.com-protocol broker in a box: REST under {@code /api/v1}, streaming on {@code /connect}, a seeded simulated market,
 * fault injection and a latency probe under {@code /sim}. Plain Vert.x, so it runs either
 * <ul>
 *   <li>standalone in a test: {@code CapitalComSimulator sim = CapitalComSimulator.start(config)}, then {@code sim.baseUrl()}
 *       and finally {@code sim.close()}; or</li>
 *   <li>inside an application that owns a Vert.x router (Quarkus): {@code CapitalComSimulator.create(vertx, config)} then
 *       {@code mount(router)}.</li>
 * </ul>
 * Clients use it exactly as the real API: base URL {@code <baseUrl>/api/v1}, the streaming URL comes back as
 * {@code streamingHost} from the login.
 */
public final class CapitalComSimulator implements AutoCloseable {

    private static final long STARTUP_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final CapitalComSimulatorConfig config;
    private final Map<String, SimulatedInstrument> instruments = new LinkedHashMap<>();
    private final SessionRegistry sessions;
    private final TradingDesk desk;
    private final LatencyProbe probe;
    private final StreamingHub hub;
    private final QuoteTicker ticker;
    private final SimulatorFaults faults;
    private final OrderLog orderLog;
    private final RestApi restApi;
    private final AdminApi adminApi;
    private final NetworkModel network = new NetworkModel();
    private volatile HttpServer server;

    private CapitalComSimulator(Vertx vertx, boolean ownsVertx, CapitalComSimulatorConfig config) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
        Instant start = config.clock().instant();
        for (InstrumentSpec spec : config.instruments()) {
            SimulatedInstrument instrument = new SimulatedInstrument(spec, config.seed());
            instrument.generateHistory(start, config.historyLength());
            instruments.put(spec.epic(), instrument);
        }
        CapitalTime time = new CapitalTime(config.accountTimezoneOffsetHours());
        this.desk = new TradingDesk(config, time, instruments);
        this.sessions = new SessionRegistry(config, desk.preferredAccountId());
        this.probe = new LatencyProbe(config.probeEveryN());
        this.hub = new StreamingHub(config, sessions, instruments, probe);
        this.ticker = new QuoteTicker(config, instruments, hub);
        this.faults = new SimulatorFaults(sessions, hub, instruments);
        if (config.chaosRate() > 0) {
            faults.startChaos(config.chaosRate(), config.chaosSeed());
        }
        this.orderLog = new OrderLog(config.orderLogCapacity());
        this.restApi = new RestApi(vertx, config, sessions, desk, instruments, new MarketViews(time), hub, faults, orderLog, probe);
        this.adminApi = new AdminApi(this);
    }

    /**
     * Starts a standalone simulator on its own single-event-loop Vert.x, bound to {@code config.host():config.port()}, and
     * waits until it listens. One event loop serves connections and drives the quote timer, so the hot path (quote out,
     * order in) never hops threads and the latency probe measures the client, not us.
     */
    public static CapitalComSimulator start(CapitalComSimulatorConfig config) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        CapitalComSimulator simulator = new CapitalComSimulator(vertx, true, config);
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
            throw new IllegalStateException("Capital.com simulator failed to start on " + config.host() + ":" + config.port(), e);
        }
        return simulator;
    }

    /**
     * Creates a simulator that runs on the caller's Vert.x (its quote timer starts now) and serves nothing until
     * {@link #mount(Router)} is called on the application's router.
     */
    public static CapitalComSimulator create(Vertx vertx, CapitalComSimulatorConfig config) {
        CapitalComSimulator simulator = new CapitalComSimulator(vertx, false, config);
        simulator.startTimers();
        return simulator;
    }

    private void startTimers() {
        ticker.start(vertx);
        hub.start(vertx);
    }

    /** Registers {@code /api/v1/*}, {@code /connect} and {@code /sim/*} on the given router. */
    public void mount(Router router) {
        restApi.mount(router, network);
        adminApi.mount(router);
        router.get("/connect").handler(ctx -> {
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

    /** {@code http://127.0.0.1:PORT} of a standalone simulator; append {@code /api/v1} for the REST API. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** {@code ws://127.0.0.1:PORT/connect} of a standalone simulator (clients normally derive it from {@code streamingHost}). */
    public String streamingUrl() {
        return "ws://" + config.host() + ":" + port() + "/connect";
    }

    public int port() {
        HttpServer listening = server;
        if (listening == null) {
            throw new IllegalStateException("this simulator is mounted on an application router and has no server of its own");
        }
        return listening.actualPort();
    }

    public CapitalComSimulatorConfig config() {
        return config;
    }

    /** The modelled network between clients and the broker (round trip, connection set-up); off by default. */
    public NetworkModel network() {
        return network;
    }

    public SimulatorFaults faults() {
        return faults;
    }

    /** Every {@code POST /positions} received so far, oldest first. */
    public List<ReceivedOrder> orders() {
        return orderLog.snapshot();
    }

    /** Totals of the order path: received, executed, faulted by kind, positions open. */
    public OrderSummary orderSummary() {
        return orderLog.summary(desk.openPositionCount());
    }

    public SimulatorStats stats() {
        Map<String, Long> generated = new LinkedHashMap<>();
        instruments.forEach((epic, instrument) -> generated.put(epic, instrument.generatedQuotes()));
        return new SimulatorStats(sessions.successfulLogins(), sessions.refusedLogins(), sessions.activeSessions(),
                restApi.restRequests(), restApi.rateLimitedRequests(), orderLog.received(), desk.openPositionCount(),
                hub.openConnections(), hub.accepted(), hub.dropped(), hub.malformedFramesSent(),
                hub.quotesDroppedForSlowConsumers(), generated, hub.streamedQuotes());
    }

    /** Tick-to-order latency measured by the probe ({@code probeEveryN > 0}). */
    public LatencySummary latency() {
        return probe.summary();
    }

    public void resetLatency() {
        probe.reset();
    }

    /** Changes an epic's quote rate while running (e.g. to 1000/s for a benchmark); 0 stops its timer-driven quotes. */
    public void setQuoteRate(String epic, int quotesPerSecond) {
        ticker.setRate(epic, quotesPerSecond);
    }

    /** Generates and streams {@code count} quotes now, outside the timer; none while the market is closed. */
    public List<SimulatedQuote> emitQuotes(String epic, int count) {
        return ticker.emitNow(epic, count);
    }

    /** The latest quote of an epic (streamed or not). */
    public SimulatedQuote lastQuote(String epic) {
        SimulatedInstrument instrument = instruments.get(epic);
        if (instrument == null) {
            throw new IllegalArgumentException("unknown epic " + epic);
        }
        return instrument.lastQuote();
    }

    /** The market status the REST API currently reports for an epic. */
    public MarketStatus marketStatus(String epic) {
        SimulatedInstrument instrument = instruments.get(epic);
        if (instrument == null) {
            throw new IllegalArgumentException("unknown epic " + epic);
        }
        return instrument.status(config.clock().instant());
    }

    /** Stops the timers and closes the sockets; a standalone simulator also closes its server and its Vert.x. */
    @Override
    public void close() {
        ticker.stop(vertx);
        hub.stop(vertx);
        if (ownsVertx) {
            Future<Void> closed = vertx.close();
            try {
                closed.toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Capital.com simulator did not shut down cleanly", e);
            }
        }
    }
}
