package io.tickflow.marketdata.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN once the tick store's consumer stopped on a fault it could not handle ({@link TickTopicPoller}): a restart
 * reads the unstored batch again. A database outage is not such a fault (the writers wait it out) and keeps it UP.
 */
@Liveness
@ApplicationScoped
public class TickStoreLiveness implements HealthCheck {

    private final TickTopicPoller poller;

    @Inject
    public TickStoreLiveness(TickTopicPoller poller) {
        this.poller = poller;
    }

    @Override
    public HealthCheckResponse call() {
        TickTopicPoller.State state = poller.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tick-store")
                .status(state != TickTopicPoller.State.FAILED)
                .withData("state", state.name())
                .withData("batchesInFlight", poller.inFlight());
        if (poller.failure() != null) {
            response.withData("failure", poller.failure());
        }
        return response.build();
    }
}
