package io.tickflow.alerting.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Slack-compatible incoming webhooks ({@code {"text": ..., "blocks": [...]}}; Mattermost and Rocket.Chat read the
 * {@code text}). Slack answers 200 "ok", or 4xx with a reason such as {@code invalid_payload} (not retried).
 */
final class SlackNotifier extends HttpNotifier {

    SlackNotifier(String webhookUrl, Duration timeout, List<String> secrets, Clock clock) {
        super(NotifySettings.SLACK, URI.create(webhookUrl.trim()), timeout, secrets, clock);
    }

    @Override
    protected String body(Notice n) {
        return payload(n).encode();
    }

    static JsonObject payload(Notice n) {
        JsonArray fields = new JsonArray()
                .add(field("Severity", n.severity().name()))
                .add(field("Status", n.status()))
                .add(field("Occurrences", Long.toString(n.occurrences())))
                .add(field("Trace id", n.traceId() == null ? NoticeText.NONE
                        : n.traceUrl() == null ? "`" + n.traceId() + "`" : "<" + n.traceUrl() + "|" + n.traceId() + ">"))
                .add(field("Runbook", n.runbookUrl() == null ? NoticeText.NONE
                        : "<" + n.runbookUrl() + "|" + escape(n.runbookUrl()) + ">"))
                .add(field("Rule", n.ruleId()));
        String header = "[" + n.kind() + "] " + n.severity() + " " + n.ruleId();
        JsonArray blocks = new JsonArray()
                .add(new JsonObject().put("type", "header").put("text", new JsonObject().put("type", "plain_text")
                        .put("text", NoticeText.truncate(header, 150))))
                .add(new JsonObject().put("type", "section").put("text", mrkdwn(
                        NoticeText.truncate(escape(n.summary()), 2900) + "\n_" + escape(NoticeText.lead(n)) + "_")))
                .add(new JsonObject().put("type", "section").put("fields", fields))
                .add(new JsonObject().put("type", "context").put("elements", new JsonArray().add(mrkdwn(
                        "fingerprint `" + escape(n.fingerprint()) + "` · alert " + n.alertId() + " · first seen "
                                + n.firstSeen()))));
        return new JsonObject()
                .put("text", NoticeText.truncate(NoticeText.plain(n), 3000))
                .put("blocks", blocks);
    }

    private static JsonObject field(String name, String value) {
        return mrkdwn("*" + name + "*\n" + value);
    }

    private static JsonObject mrkdwn(String text) {
        return new JsonObject().put("type", "mrkdwn").put("text", text);
    }

    /** Slack's three control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
