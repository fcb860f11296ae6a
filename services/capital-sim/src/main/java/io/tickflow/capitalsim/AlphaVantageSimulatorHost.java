package io.tickflow.capitalsim;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tickflow.simulators.alphavantage.AlphaVantageSimulator;
import io.tickflow.simulators.alphavantage.AlphaVantageSimulatorConfig;
import io.tickflow.simulators.alphavantage.AlphaVantageStats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Hosts the Alpha Vantage simulator of {@code libs/simulators} on its own port ({@code alphavantage-sim.port}, 18092):
 * {@code GET /query} with the free tier's limits, and admin endpoints:
 *
 * <ul>
 *   <li>{@code POST /sim/streaming/stop}: every request is answered with a throttle notice ({@code Information}, HTTP
 *       200, no data), as when the daily budget is spent: the source delivers nothing until {@code .../start}</li>
 *   <li>{@code POST /sim/streaming/start}: data again</li>
 *   <li>{@code GET /sim/stats}: requests received, answered, throttled, used today</li>
 * </ul>
 */
@ApplicationScoped
public class AlphaVantageSimulatorHost {

    private static final Logger LOG = Logger.getLogger(AlphaVantageSimulatorHost.class);

    private final Vertx vertx;
    private final AlphaVantageSimConfig config;
    private volatile AlphaVantageSimulator simulator;
    private volatile SimulatorServer server;
    private volatile boolean stopped;

    AlphaVantageSimulatorHost(Vertx vertx, AlphaVantageSimConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Alpha Vantage simulator disabled (alphavantage-sim.enabled=false)");
            return;
        }
        AlphaVantageSimulatorConfig simulatorConfig = simulatorConfig(config);
        server = SimulatorServer.start(vertx, config.host(), config.port(), "alphavantage-sim.port", router -> {
            AlphaVantageSimulator created = AlphaVantageSimulator.create(vertx, simulatorConfig);
            created.mount(router);
            mountAdmin(router, created);
            simulator = created;
        });
        LOG.infof("Alpha Vantage simulator on http://%s:%d/query: %s", config.host(), port(), simulatorConfig);
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    /** The running simulator, or null when disabled or not started yet. */
    public AlphaVantageSimulator simulator() {
        return simulator;
    }

    /** The port it listens on (the actual one when {@code alphavantage-sim.port=0}). */
    public int port() {
        return server.port();
    }

    static AlphaVantageSimulatorConfig simulatorConfig(AlphaVantageSimConfig config) {
        return AlphaVantageSimulatorConfig.builder()
                .host(config.host())
                .port(config.port())
                .apiKey(config.apiKey())
                .seed(config.seed())
                .requestsPerDay(config.requestsPerDay())
                .minSpacing(config.minSpacing())
                .cryptos(config.cryptos())
                .build();
    }

    private void mountAdmin(Router router, AlphaVantageSimulator sim) {
        SimulatorServer.admin(router, "/sim/streaming/stop", ctx -> {
            sim.faults().throttleNext(Integer.MAX_VALUE, "Information");
            stopped = true;
            return new JsonObject().put("streaming", false);
        });
        SimulatorServer.admin(router, "/sim/streaming/start", ctx -> {
            sim.faults().reset();
            stopped = false;
            return new JsonObject().put("streaming", true);
        });
        SimulatorServer.adminGet(router, "/sim/stats", ctx -> {
            AlphaVantageStats s = sim.stats();
            return new JsonObject().put("requestsReceived", s.requestsReceived())
                    .put("requestsAnswered", s.requestsAnswered()).put("requestsThrottled", s.requestsThrottled())
                    .put("usedToday", s.usedToday()).put("streaming", !stopped);
        });
    }
}
