package io.tickflow.execution.broker;

import io.smallrye.mutiny.Uni;
import io.tickflow.capital.CapitalComClient;
import io.tickflow.capital.CapitalComException;
import io.tickflow.capital.CapitalComTimeoutException;
import io.tickflow.capital.DealConfirmation;
import io.tickflow.capital.Direction;
import io.tickflow.capital.OpenPositionRequest;
import io.tickflow.events.Side;
import io.tickflow.execution.order.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Execution's view of Capital.com: maps the client's answers onto what the order state machine needs to know.
 * The one rule that matters: only an answer that proves nothing executed is a {@link SubmitOutcome.Refused};
 * anything else without a deal reference is {@link SubmitOutcome.Ambiguous}.
 */
@ApplicationScoped
public class CapitalBroker {

    private final CapitalComClient client;

    @Inject
    public CapitalBroker(CapitalComClient client) {
        this.client = client;
    }

    public Uni<SubmitOutcome> submit(Order order) {
        return client.openPosition(OpenPositionRequest.market(order.instrument(), Direction.valueOf(order.side().name()),
                        order.size()))
                .map(ref -> (SubmitOutcome) new SubmitOutcome.Sent(ref.dealReference()))
                .onFailure().recoverWithItem(CapitalBroker::classify);
    }

    static SubmitOutcome classify(Throwable failure) {
        if (failure instanceof CapitalComTimeoutException) {
            return new SubmitOutcome.Ambiguous("submit timed out: " + failure.getMessage());
        }
        if (failure instanceof CapitalComException e && e.httpStatus() >= 400 && e.httpStatus() < 500) {
            // the API refused the request itself (validation, rate limit, session): no deal was created
            return new SubmitOutcome.Refused(e.errorCode());
        }
        return new SubmitOutcome.Ambiguous("submit failed without an answer: " + failure);
    }

    public Uni<ConfirmOutcome> confirm(String dealReference) {
        return client.confirm(dealReference).map(CapitalBroker::toOutcome).onFailure().recoverWithItem(f -> {
            if (f instanceof CapitalComException e && e.httpStatus() == 404) {
                return new ConfirmOutcome.NotFound();
            }
            return new ConfirmOutcome.Unavailable(f.toString());
        });
    }

    private static ConfirmOutcome toOutcome(DealConfirmation c) {
        if ("ACCEPTED".equals(c.dealStatus())) {
            // the position's id is in affectedDeals; the top-level dealId is the order's
            return c.positionDealId()
                    .<ConfirmOutcome>map(id -> new ConfirmOutcome.Accepted(id, c.level(), c.size()))
                    .orElse(new ConfirmOutcome.Unavailable("confirm ACCEPTED without a deal id"));
        }
        return new ConfirmOutcome.Rejected(c.reason() == null ? "REJECTED" : c.reason());
    }

    public Uni<List<BrokerPosition>> positions() {
        return client.positions().map(list -> list.stream().map(p -> new BrokerPosition(p.dealId(), p.epic(),
                Side.valueOf(p.direction().name()), p.size(), p.level(), p.createdAt())).toList());
    }
}
