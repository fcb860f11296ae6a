package io.tickflow.capitalsim;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tickflow.simulators.polygon.PolygonSimulator;
import io.tickflow.simulators.polygon.PolygonSimulatorConfig;
import io.tickflow.simulators.polygon.PolygonStats;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Hosts the Polygon.io / Massive simulator of {@code libs/simulators} on its own port ({@code polygon-sim.port},
 * 18091): the crypto WebSocket on {@code /crypto}, REST aggregates under {@code /v2/aggs}, and admin endpoints to make
 * the feed go quiet and come back, so a user can watch market-data fail over:
 *
 * <ul>
 *   <li>{@code POST /sim/streaming/{pair}/stop}, {@code .../start}: no data for that pair ({@code BTC-USD}; also
 *       {@code BTCUSD} or {@code X:BTCUSD}) while the sockets stay healthy, as a quiet or stuck feed</li>
 *   <li>{@code POST /sim/streaming/stop}, {@code /start}: the same for every pair</li>
 *   <li>{@code POST /sim/faults/disconnect}: close every socket, as Massive's periodic forced disconnects do</li>
 *   <li>{@code GET /sim/stats}: connections, authentications, events sent, silenced pairs</li>
 * </ul>
 */
@ApplicationScoped
public class PolygonSimulatorHost {

    private static final Logger LOG = Logger.getLogger(PolygonSimulatorHost.class);

    private final Vertx vertx;
    private final PolygonSimConfig config;
    private final MeterRegistry meters;
    private final Set<String> silenced = ConcurrentHashMap.newKeySet();
    private volatile PolygonSimulator simulator;
    private volatile SimulatorServer server;

    PolygonSimulatorHost(Vertx vertx, PolygonSimConfig config, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.meters = meters;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Polygon simulator disabled (polygon-sim.enabled=false)");
            return;
        }
        PolygonSimulatorConfig simulatorConfig = simulatorConfig(config);
        server = SimulatorServer.start(vertx, config.host(), config.port(), "polygon-sim.port", router -> {
            PolygonSimulator created = PolygonSimulator.create(vertx, simulatorConfig);
            created.mount(router);
            mountAdmin(router, created);
            simulator = created;
        });
        Gauge.builder("polygon_sim_open_connections", this, h -> h.stats().openConnections()).register(meters);
        Gauge.builder("polygon_sim_events_sent", this, h -> h.stats().eventsSent()).register(meters);
        LOG.infof("Polygon/Massive simulator on ws://%s:%d/crypto and http://%s:%d: %s", config.host(), port(),
                config.host(), port(), simulatorConfig);
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
    public PolygonSimulator simulator() {
        return simulator;
    }

    /** The port it listens on (the actual one when {@code polygon-sim.port=0}). */
    public int port() {
        return server.port();
    }

    private PolygonStats stats() {
        PolygonSimulator running = simulator;
        return running == null ? new PolygonStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : running.stats();
    }

    static PolygonSimulatorConfig simulatorConfig(PolygonSimConfig config) {
        return PolygonSimulatorConfig.builder()
                .host(config.host())
                .port(config.port())
                .apiKey(config.apiKey())
                .seed(config.seed())
                .pairs(config.pairs())
                .quotesPerSecond(config.quotesPerSecond())
                .tradesPerSecond(config.tradesPerSecond())
                .build();
    }

    private void mountAdmin(Router router, PolygonSimulator sim) {
        SimulatorServer.admin(router, "/sim/streaming/stop", ctx -> {
            sim.faults().silence(true);
            return new JsonObject().put("streaming", false).put("pairs", new JsonArray(sim.pairs().stream().sorted()
                    .toList()));
        });
        SimulatorServer.admin(router, "/sim/streaming/start", ctx -> {
            sim.faults().silence(false);
            for (String pair : sim.pairs()) {
                sim.faults().silence(pair, false);
            }
            silenced.clear();
            return new JsonObject().put("streaming", true).put("pairs", new JsonArray(sim.pairs().stream().sorted()
                    .toList()));
        });
        SimulatorServer.admin(router, "/sim/streaming/:pair/stop", ctx -> {
            String pair = pair(sim, ctx.pathParam("pair"));
            sim.faults().silence(pair, true);
            silenced.add(pair);
            return new JsonObject().put("pair", pair).put("streaming", false);
        });
        SimulatorServer.admin(router, "/sim/streaming/:pair/start", ctx -> {
            String pair = pair(sim, ctx.pathParam("pair"));
            sim.faults().silence(pair, false);
            silenced.remove(pair);
            return new JsonObject().put("pair", pair).put("streaming", true);
        });
        SimulatorServer.admin(router, "/sim/faults/disconnect", ctx -> new JsonObject()
                .put("disconnected", sim.faults().disconnectAll()));
        SimulatorServer.adminGet(router, "/sim/stats", ctx -> {
            PolygonStats s = sim.stats();
            return new JsonObject().put("connectionsAccepted", s.connectionsAccepted())
                    .put("openConnections", s.openConnections()).put("authSuccesses", s.authSuccesses())
                    .put("authFailures", s.authFailures()).put("subscribeRequests", s.subscribeRequests())
                    .put("eventsSent", s.eventsSent()).put("forcedDisconnects", s.forcedDisconnects())
                    .put("restRequests", s.restRequests())
                    .put("silencedPairs", new JsonArray(silenced.stream().sorted().toList()));
        });
    }

    /** {@code BTC-USD}, {@code X:BTC-USD}, {@code BTCUSD} or {@code X:BTCUSD} as the simulator's pair name. */
    static String pair(PolygonSimulator sim, String raw) {
        String name = raw.toUpperCase(Locale.ROOT);
        if (name.startsWith("X:")) {
            name = name.substring(2);
        }
        for (String pair : sim.pairs()) {
            if (pair.equals(name) || pair.replace("-", "").equals(name)) {
                return pair;
            }
        }
        throw new IllegalArgumentException("no pair " + raw + " (pairs: " + sim.pairs().stream().sorted().toList() + ")");
    }
}
