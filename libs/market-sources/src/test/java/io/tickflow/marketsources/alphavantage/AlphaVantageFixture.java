package io.tickflow.marketsources.alphavantage;

import io.tickflow.marketsources.SymbolMap;
import io.tickflow.simulators.alphavantage.AlphaVantageSimulator;
import io.tickflow.simulators.alphavantage.AlphaVantageSimulatorConfig;
import io.tickflow.simulators.capital.ManualClock;
import io.vertx.mutiny.core.Vertx;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Alpha Vantage simulator on a free port and a client Vert.x, sharing one manual clock, so "now", the newest bar and
 * the day the budgets count are the same for both sides and move only when a test moves them.
 */
final class AlphaVantageFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-03-06T15:00:30Z");

    final ManualClock clock = new ManualClock(NOW);
    final AlphaVantageSimulator simulator;
    final Vertx vertx = Vertx.vertx();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** {@code tune} adjusts the simulator; burst limit off unless a test turns it on. */
    AlphaVantageFixture(java.util.function.UnaryOperator<AlphaVantageSimulatorConfig.Builder> tune) {
        this.simulator = AlphaVantageSimulator.start(tune.apply(AlphaVantageSimulatorConfig.builder()
                .clock(clock).minSpacing(Duration.ZERO)).build());
    }

    static AlphaVantageFixture start() {
        return new AlphaVantageFixture(builder -> builder);
    }

    /** Our side: a generous budget without spacing, so only the test's subject limits anything. */
    AlphaVantageConfig config() {
        return AlphaVantageConfig.of(URI.create(simulator.baseUrl()), simulator.config().apiKey())
                .withBudget(1000, Duration.ZERO)
                .withClock(clock);
    }

    AlphaVantageClient client(AlphaVantageConfig config) {
        return client(config, SymbolMap.defaults());
    }

    AlphaVantageClient client(AlphaVantageConfig config, SymbolMap symbols) {
        AlphaVantageClient client = new AlphaVantageClient(vertx, symbols, config);
        closeables.add(client);
        return client;
    }

    AlphaVantagePoller poller(AlphaVantageClient client, AlphaVantagePollingConfig config) {
        AlphaVantagePoller poller = new AlphaVantagePoller(vertx, client, SymbolMap.defaults(), config);
        closeables.add(0, poller);
        return poller;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        vertx.closeAndAwait();
        simulator.close();
    }
}
