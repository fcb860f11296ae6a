package io.tickflow.execution.broker;

import io.smallrye.mutiny.Uni;
import io.tickflow.capital.Activity;
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
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * {@code DELETE /positions/{dealId}}. Unlike opening, closing by deal id is safe to repeat: a deal that is gone
     * answers 404 {@code error.not-found.dealId}, reported as {@link SubmitOutcome.Ambiguous} so the caller finds out
     * from the broker's history whether this order or something else closed it.
     */
    public Uni<SubmitOutcome> close(String dealId) {
        return client.closePosition(dealId)
                .map(ref -> (SubmitOutcome) new SubmitOutcome.Sent(ref.dealReference()))
                .onFailure().recoverWithItem(f -> f instanceof CapitalComException e && e.httpStatus() == 404
                        ? new SubmitOutcome.Ambiguous("position " + dealId + " not found at the broker: closed already")
                        : classify(f));
    }

    /**
     * The level at which the broker closed {@code dealId}, from {@code GET /history/activity} since {@code from};
     * empty when the history shows no close of that deal (yet).
     */
    public Uni<Optional<BigDecimal>> closeLevel(String dealId, String epic, Instant from) {
        return client.activity(from, Instant.now(), epic).map(list -> list.stream()
                .filter(a -> dealId.equals(a.dealId()) && "POSITION".equals(a.type()) && a.details() != null
                        && a.details().level() != null && "ACCEPTED".equals(a.status()))
                .reduce((first, second) -> second) // the latest: the opening comes first, the close after it
                .filter(a -> a.date() != null)
                .map(a -> a.details().level()));
    }

    /**
     * Deals on {@code epic} that opened and closed again since {@code from}, according to
     * {@code GET /history/activity}: what {@code GET /positions} no longer shows (closed by a stop, a close-out). A deal
     * with a single record in the window is left out: it is either still open (the positions list has it) or the
     * close of a deal opened earlier, whose direction is the closing one.
     */
    public Uni<List<BrokerPosition>> openedAndClosedSince(String epic, Instant from) {
        return client.activity(from, Instant.now(), epic).map(list -> {
            Map<String, List<Activity>> byDeal = new LinkedHashMap<>();
            for (Activity a : list) {
                if ("POSITION".equals(a.type()) && "ACCEPTED".equals(a.status()) && a.details() != null
                        && a.details().size() != null && a.details().direction() != null && a.dealId() != null) {
                    byDeal.computeIfAbsent(a.dealId(), k -> new ArrayList<>()).add(a);
                }
            }
            return byDeal.values().stream().filter(records -> records.size() >= 2).map(records -> {
                Activity opening = records.getFirst(); // the list is in chronological order
                return new BrokerPosition(opening.dealId(), opening.epic(),
                        Side.valueOf(opening.details().direction().name()), opening.details().size(),
                        opening.details().level(), opening.date());
            }).toList();
        });
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
