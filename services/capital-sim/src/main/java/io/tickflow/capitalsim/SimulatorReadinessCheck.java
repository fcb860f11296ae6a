package io.tickflow.capitalsim;

import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.capital.SimulatorStats;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the simulator is mounted on the router, i.e. {@code /api/v1} and {@code /connect} answer. */
@Readiness
@ApplicationScoped
public class SimulatorReadinessCheck implements HealthCheck {

    private final CapitalSimulatorHost host;

    SimulatorReadinessCheck(CapitalSimulatorHost host) {
        this.host = host;
    }

    @Override
    public HealthCheckResponse call() {
        CapitalComSimulator simulator = host.simulator();
        if (simulator == null) {
            return HealthCheckResponse.down("capital-sim");
        }
        SimulatorStats stats = simulator.stats();
        return HealthCheckResponse.named("capital-sim").up()
                .withData("activeSessions", stats.activeSessions())
                .withData("streamingConnections", stats.streamingConnections())
                .withData("ordersReceived", stats.ordersReceived())
                .build();
    }
}
