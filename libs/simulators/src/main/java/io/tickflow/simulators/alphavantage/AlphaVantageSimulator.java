package io.tickflow.simulators.alphavantage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Alpha Vantage in a box: {@code GET /query} for {@code CRYPTO_INTRADAY}, {@code DIGITAL_CURRENCY_DAILY} and {@code WTI}
 * with the metadata block, the daily budget, the burst limit, throttle answers as HTTP 200 with {@code Information} or
 * {@code Note}, invalid-key and invalid-call {@code Error Message}s and {@code "."} for missing values, on plain Vert.x.
 * Series are generated from the seed and the simulated clock; tests can put exact rows.
 *
 * <p>Standalone in a test: {@code AlphaVantageSimulator sim = AlphaVantageSimulator.start(config)}, then {@link #baseUrl()}
 * instead of {@code https://www.alphavantage.co}. Inside an application: {@link #create} then {@link #mount(Router)}.
 */
public final class AlphaVantageSimulator implements AutoCloseable {

    private static final long STARTUP_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final AlphaVantageSimulatorConfig config;
    private final AlphaVantageApi api;
    private final AlphaVantageFaults faults;
    private volatile HttpServer server;

    private AlphaVantageSimulator(Vertx vertx, boolean ownsVertx, AlphaVantageSimulatorConfig config) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
        this.api = new AlphaVantageApi(config);
        this.faults = new AlphaVantageFaults(api);
    }

    /** Starts a standalone simulator on its own single-event-loop Vert.x and waits until it listens. */
    public static AlphaVantageSimulator start(AlphaVantageSimulatorConfig config) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        AlphaVantageSimulator simulator = new AlphaVantageSimulator(vertx, true, config);
        Router router = Router.router(vertx);
        simulator.mount(router);
        Context context = vertx.getOrCreateContext();
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        context.runOnContext(ignored -> vertx.createHttpServer(new HttpServerOptions().setHost(config.host())
                        .setPort(config.port()))
                .requestHandler(router)
                .listen()
                .onSuccess(listening::complete)
                .onFailure(listening::completeExceptionally));
        try {
            simulator.server = listening.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            vertx.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Alpha Vantage simulator failed to start on " + config.host() + ":" + config.port(), e);
        }
        return simulator;
    }

    /** A simulator on the caller's Vert.x that serves nothing until {@link #mount(Router)}. */
    public static AlphaVantageSimulator create(Vertx vertx, AlphaVantageSimulatorConfig config) {
        return new AlphaVantageSimulator(vertx, false, config);
    }

    /** Registers {@code /query} on the given router. */
    public void mount(Router router) {
        api.mount(router);
    }

    /** {@code http://127.0.0.1:PORT}: stands in for {@code https://www.alphavantage.co}; the API is under {@code /query}. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public int port() {
        HttpServer listening = server;
        if (listening == null) {
            throw new IllegalStateException("this simulator is mounted on an application router and has no server of its own");
        }
        return listening.actualPort();
    }

    public AlphaVantageSimulatorConfig config() {
        return config;
    }

    public AlphaVantageFaults faults() {
        return faults;
    }

    public AlphaVantageStats stats() {
        return new AlphaVantageStats(api.received(), api.answered(), api.throttled(), api.usedToday());
    }

    /** Serves exactly {@code rows} (newest first, as Alpha Vantage orders them) for CRYPTO_INTRADAY of that symbol and interval. */
    public void putIntraday(String symbol, String interval, List<IntradayRow> rows) {
        api.putIntraday(symbol, interval, rows);
    }

    /** Serves exactly {@code rows} (newest first) for DIGITAL_CURRENCY_DAILY of that symbol. */
    public void putDigitalCurrencyDaily(String symbol, List<DailyRow> rows) {
        api.putDaily(symbol, rows);
    }

    /** Serves exactly {@code values} (newest first) for a commodity function ({@code WTI}, {@code BRENT}) and interval. */
    public void putCommodity(String function, String interval, List<DatedValue> values) {
        api.putCommodity(function, interval, values);
    }

    /** Closes a standalone simulator's server and Vert.x; one mounted on an application has nothing of its own to close. */
    @Override
    public void close() {
        if (ownsVertx) {
            Future<Void> closed = vertx.close();
            try {
                closed.toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Alpha Vantage simulator did not shut down cleanly", e);
            }
        }
    }
}
