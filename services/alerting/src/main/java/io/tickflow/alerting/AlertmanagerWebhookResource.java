package io.tickflow.alerting;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.Alert;
import io.tickflow.events.Severity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Alertmanager's webhook receiver (deploy/alertmanager/alertmanager.yml): Prometheus alerts join the alerts raised
 * from the event streams in one history, with the same de-duplication. A firing alert opens (or bumps) the alert of
 * its fingerprint; a resolved one resolves it.
 */
@Path("/api/alertmanager/webhook")
public class AlertmanagerWebhookResource {

    /** Alertmanager's webhook payload (version 4), the fields Tickflow reads. */
    public record Payload(String version, String status, String receiver, List<PromAlert> alerts) {
    }

    public record PromAlert(String status, Map<String, String> labels, Map<String, String> annotations,
            Instant startsAt, Instant endsAt, String fingerprint) {
    }

    @Inject
    AlertRepository alerts;

    @Inject
    AlertConsumers consumers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Void> receive(Payload payload) {
        if (payload == null || payload.alerts() == null) {
            throw new IllegalArgumentException("not an Alertmanager webhook payload: 'alerts' is missing");
        }
        return Multi.createFrom().iterable(payload.alerts())
                .onItem().transformToUniAndConcatenate(this::apply)
                .collect().asList().replaceWithVoid();
    }

    private Uni<Void> apply(PromAlert a) {
        Map<String, String> labels = a.labels() == null ? Map.of() : a.labels();
        Map<String, String> annotations = a.annotations() == null ? Map.of() : a.annotations();
        String name = labels.getOrDefault("alertname", "prometheus-alert");
        String fingerprint = "prometheus:" + (a.fingerprint() == null ? name + labels : a.fingerprint());
        if ("resolved".equalsIgnoreCase(a.status())) {
            return alerts.resolveByFingerprint(fingerprint).replaceWithVoid();
        }
        Instant now = Instant.now();
        Alert alert = new Alert(Alert.SCHEMA_VERSION, UUID.randomUUID(), a.startsAt() == null ? now : a.startsAt(),
                now, name, severity(labels.get("severity")), fingerprint,
                annotations.getOrDefault("summary", name), labels, null, annotations.get("runbook_url"));
        return consumers.raise(alert);
    }

    private static Severity severity(String label) {
        if (label == null) {
            return Severity.WARNING;
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "critical", "page" -> Severity.CRITICAL;
            case "info", "none" -> Severity.INFO;
            default -> Severity.WARNING;
        };
    }
}
