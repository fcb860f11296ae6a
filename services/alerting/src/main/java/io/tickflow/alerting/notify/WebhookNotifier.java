package io.tickflow.alerting.notify;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The generic JSON webhook: the whole alert as data, plus {@code Idempotency-Key} ({@code <alertId>:<kind>}) so a
 * receiver can drop the rare duplicate a crash between its answer and our bookkeeping can cause.
 */
final class WebhookNotifier extends HttpNotifier {

    static final int PAYLOAD_VERSION = 1;

    WebhookNotifier(String url, Duration timeout, List<String> secrets, Clock clock) {
        super(NotifySettings.WEBHOOK, URI.create(url.trim()), timeout, secrets, clock);
    }

    @Override
    protected Map<String, String> headers(Notice n) {
        return Map.of("Idempotency-Key", n.idempotencyKey());
    }

    @Override
    protected String body(Notice n) {
        return payload(n).encode();
    }

    static JsonObject payload(Notice n) {
        JsonObject alert = new JsonObject()
                .put("alertId", n.alertId().toString())
                .put("fingerprint", n.fingerprint())
                .put("ruleId", n.ruleId())
                .put("severity", n.severity().name())
                .put("summary", n.summary())
                .put("status", n.status())
                .put("occurrences", n.occurrences())
                .put("labels", new JsonObject(Map.copyOf(n.labels())))
                .put("traceId", n.traceId())
                .put("traceUrl", n.traceUrl())
                .put("runbookUrl", n.runbookUrl())
                .put("firstSeen", String.valueOf(n.firstSeen()))
                .put("lastSeen", String.valueOf(n.lastSeen()))
                .put("resolvedAt", n.resolvedAt() == null ? null : n.resolvedAt().toString())
                .put("acknowledgedBy", n.acknowledgedBy());
        return new JsonObject()
                .put("version", PAYLOAD_VERSION)
                .put("kind", n.kind().name())
                .put("notificationId", n.id())
                .put("idempotencyKey", n.idempotencyKey())
                .put("attempt", n.attempt())
                .put("title", NoticeText.title(n))
                .put("text", NoticeText.lead(n))
                .put("alert", alert);
    }
}
