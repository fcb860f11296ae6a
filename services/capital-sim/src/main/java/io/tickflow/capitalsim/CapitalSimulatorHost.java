package io.tickflow.capitalsim;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import io.tickflow.simulators.capital.InstrumentSpec;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs the Capital.com simulator inside Quarkus: it shares Quarkus's Vert.x and serves {@code /api/v1}, {@code /connect}
 * and {@code /sim} from Quarkus's own HTTP server, next to {@code /q/health} and {@code /q/metrics}.
 */
@ApplicationScoped
public class CapitalSimulatorHost {

    private static final Logger LOG = Logger.getLogger(CapitalSimulatorHost.class);
    private static final Map<String, InstrumentSpec> KNOWN_INSTRUMENTS = InstrumentSpec.catalogue().stream()
            .collect(Collectors.toUnmodifiableMap(InstrumentSpec::epic, spec -> spec));

    private final Vertx vertx;
    private final CapitalSimConfig config;
    private final MeterRegistry meters;
    private volatile CapitalComSimulator simulator;

    CapitalSimulatorHost(Vertx vertx, CapitalSimConfig config, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.meters = meters;
    }

    void init(@Observes Router router) {
        CapitalComSimulatorConfig simulatorConfig = simulatorConfig(config);
        CapitalComSimulator started = CapitalComSimulator.create(vertx, simulatorConfig);
        started.mount(router);
        registerGauges(started, simulatorConfig);
        simulator = started;
        LOG.infof("Capital.com simulator mounted: %s", simulatorConfig);
    }

    /** The running simulator, or null before the router is ready. */
    public CapitalComSimulator simulator() {
        return simulator;
    }

    @PreDestroy
    void stop() {
        CapitalComSimulator running = simulator;
        if (running != null) {
            running.close();
        }
    }

    static CapitalComSimulatorConfig simulatorConfig(CapitalSimConfig config) {
        List<InstrumentSpec> instruments = config.instruments().stream().map(epic -> {
            InstrumentSpec spec = KNOWN_INSTRUMENTS.get(epic);
            if (spec == null) {
                throw new IllegalArgumentException("capital-sim.instruments: unknown epic " + epic
                        + " (known: " + KNOWN_INSTRUMENTS.keySet() + ")");
            }
            return spec;
        }).toList();
        CapitalComSimulatorConfig.Builder builder = CapitalComSimulatorConfig.builder()
                .seed(config.seed())
                .instruments(instruments)
                .quotesPerSecond(config.quotesPerSecond())
                .streamTickInterval(config.streamTickInterval())
                .probeEveryN(config.probeEveryN())
                .apiKey(config.apiKey())
                .identifier(config.identifier())
                .password(config.password())
                .sessionIdleTimeout(config.sessionIdleTimeout())
                .maxRequestsPerSecondPerSession(config.maxRequestsPerSecondPerSession())
                .maxLoginsPerSecondPerApiKey(config.maxLoginsPerSecondPerApiKey())
                .streamIdleTimeout(config.streamIdleTimeout())
                .maxEpicsPerStream(config.maxEpicsPerStream())
                .historyLength(config.historyLength())
                .orderHangDuration(config.orderHangDuration())
                .accountTimezoneOffsetHours(config.accountTimezoneOffsetHours())
                .accountBalance(config.accountBalance())
                .orderLogCapacity(config.orderLogCapacity())
                .chaos(config.chaos().rate(), config.chaos().seed());
        config.quotesPerSecondByEpic().forEach(builder::quotesPerSecond);
        return builder.build();
    }

    /** Prometheus view of the simulator's counters, read lazily at scrape time. */
    private void registerGauges(CapitalComSimulator sim, CapitalComSimulatorConfig simulatorConfig) {
        Gauge.builder("capital_sim_orders_received", sim, s -> s.stats().ordersReceived()).register(meters);
        Gauge.builder("capital_sim_open_positions", sim, s -> s.stats().openPositions()).register(meters);
        Gauge.builder("capital_sim_streaming_connections", sim, s -> s.stats().streamingConnections()).register(meters);
        Gauge.builder("capital_sim_active_sessions", sim, s -> s.stats().activeSessions()).register(meters);
        Gauge.builder("capital_sim_rate_limited_requests", sim, s -> s.stats().rateLimitedRequests()).register(meters);
        Gauge.builder("capital_sim_probe_latency_p99_ms", sim, s -> s.latency().p99Millis()).register(meters);
        for (InstrumentSpec spec : simulatorConfig.instruments()) {
            Tags epic = Tags.of("epic", spec.epic());
            Gauge.builder("capital_sim_quotes_generated", sim, s -> s.stats().quotesGenerated().get(spec.epic()))
                    .tags(epic).register(meters);
            Gauge.builder("capital_sim_quotes_streamed", sim, s -> s.stats().quotesStreamed().get(spec.epic()))
                    .tags(epic).register(meters);
        }
    }
}
