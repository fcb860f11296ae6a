package io.tickflow.execution.api;

import io.smallrye.mutiny.Uni;
import io.tickflow.domain.position.PositionLedger;
import io.tickflow.execution.order.Order;
import io.tickflow.execution.order.OrderRepository;
import io.tickflow.execution.position.PositionBook;
import io.tickflow.execution.risk.KillSwitch;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Read access to orders and positions, and the kill switch. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    /** {@code flatten}: when engaging, also close every open broker position. */
    public record KillSwitchRequest(boolean engaged, Boolean flatten, String reason, String by) {
    }

    public record PositionView(String instrument, BigDecimal netSize, BigDecimal averagePrice,
            BigDecimal realizedPnl, BigDecimal unrealizedPnl, BigDecimal markPrice) {
    }

    @Inject
    OrderRepository orders;

    @Inject
    PositionBook positions;

    @Inject
    KillSwitch killSwitch;

    @GET
    @Path("/orders")
    public Uni<List<Order>> recent(@QueryParam("limit") Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + n);
        }
        return orders.recent(n);
    }

    @GET
    @Path("/orders/{orderId}")
    public Uni<Order> order(@PathParam("orderId") UUID orderId) {
        return orders.find(orderId).map(o -> o.orElseThrow(() -> new NotFoundException("no order " + orderId)));
    }

    @GET
    @Path("/positions")
    public List<PositionView> positions() {
        return positions.all().values().stream().map(this::view).toList();
    }

    @GET
    @Path("/kill-switch")
    public KillSwitch.State killSwitch() {
        return killSwitch.current();
    }

    @PUT
    @Path("/kill-switch")
    public Uni<KillSwitch.State> setKillSwitch(KillSwitchRequest request) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw new IllegalArgumentException("a reason is required to change the kill switch");
        }
        if (request.by() == null || request.by().isBlank()) {
            throw new IllegalArgumentException("'by' is required: every kill switch change records who made it");
        }
        return killSwitch.set(request.engaged(), Boolean.TRUE.equals(request.flatten()), request.reason(),
                request.by(), "api", null);
    }

    private PositionView view(PositionLedger l) {
        BigDecimal mark = positions.markOf(l.instrument());
        return new PositionView(l.instrument(), l.netSize(), l.averagePrice(), l.realizedPnl(), l.unrealizedPnl(mark),
                mark);
    }
}
