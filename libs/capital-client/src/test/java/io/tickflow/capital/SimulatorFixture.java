package io.tickflow.capital;

import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import io.vertx.mutiny.core.Vertx;

import java.net.URI;
import java.time.Duration;

/** A real simulator on a free port plus a client Vert.x: the client tests run against the wire protocol, no mocks. */
final class SimulatorFixture implements AutoCloseable {

    final CapitalComSimulator simulator;
    final Vertx vertx = Vertx.vertx();

    SimulatorFixture(CapitalComSimulatorConfig config) {
        this.simulator = CapitalComSimulator.start(config);
    }

    static SimulatorFixture start() {
        return new SimulatorFixture(CapitalComSimulatorConfig.defaults());
    }

    CapitalComConfig clientConfig() {
        return CapitalComConfig.of(URI.create(simulator.baseUrl()), CapitalComSimulatorConfig.DEFAULT_API_KEY,
                        CapitalComSimulatorConfig.DEFAULT_IDENTIFIER, CapitalComSimulatorConfig.DEFAULT_PASSWORD)
                .withRequestTimeout(Duration.ofSeconds(3));
    }

    CapitalComClient client() {
        return new CapitalComClient(vertx, clientConfig());
    }

    @Override
    public void close() {
        vertx.closeAndAwait();
        simulator.close();
    }
}
