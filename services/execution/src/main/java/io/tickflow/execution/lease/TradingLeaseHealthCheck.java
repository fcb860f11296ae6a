package io.tickflow.execution.lease;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while holding the trading lease: a standby instance is alive but not the one trading. */
@Readiness
@ApplicationScoped
public class TradingLeaseHealthCheck implements HealthCheck {

    @Inject
    TradingLease lease;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("trading-lease").status(lease.held())
                .withData("lockKey", lease.key()).build();
    }
}
