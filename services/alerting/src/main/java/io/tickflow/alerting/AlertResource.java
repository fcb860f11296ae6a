package io.tickflow.alerting;

import io.smallrye.mutiny.Uni;
import io.tickflow.alerting.notify.NotificationStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Alert history, acknowledge and resolve, and each alert's notifications. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final Set<String> STATUSES = Set.of("OPEN", "ACKNOWLEDGED", "RESOLVED");

    @Inject
    AlertRepository alerts;

    @Inject
    NotificationStore notifications;

    @GET
    public Uni<List<AlertRepository.StoredAlert>> list(@QueryParam("status") String status,
            @QueryParam("limit") Integer limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES + ", was " + status);
        }
        return alerts.list(status, limit == null ? 100 : Math.min(Math.max(limit, 1), 1000));
    }

    /** The notices of one alert: channel, kind, delivery status, attempts and the last (redacted) error. */
    @GET
    @Path("/{alertId}/notifications")
    public Uni<List<NotificationStore.NotificationRow>> notifications(@PathParam("alertId") UUID alertId) {
        return notifications.forAlert(alertId);
    }

    @POST
    @Path("/{alertId}/acknowledge")
    public Uni<Void> acknowledge(@PathParam("alertId") UUID alertId, @QueryParam("by") String by) {
        return change(alertId, "ACKNOWLEDGED", by);
    }

    @POST
    @Path("/{alertId}/resolve")
    public Uni<Void> resolve(@PathParam("alertId") UUID alertId, @QueryParam("by") String by) {
        return change(alertId, "RESOLVED", by);
    }

    private Uni<Void> change(UUID alertId, String status, String by) {
        return alerts.changeStatus(alertId, status, by).invoke(changed -> {
            if (!changed) {
                throw new NotFoundException("no open alert " + alertId);
            }
        }).replaceWithVoid();
    }
}
