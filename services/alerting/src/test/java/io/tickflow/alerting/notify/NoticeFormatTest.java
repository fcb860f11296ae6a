package io.tickflow.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.events.Severity;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each channel's payload says, and that markup in a summary cannot break it. */
class NoticeFormatTest {

    private static Notice notice(Notice.Kind kind, String summary, String traceId, String runbook) {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        return new Notice(7, "x", kind, 1, UUID.fromString("00000000-0000-0000-0000-000000000001"), "fp:1",
                "order-unknown", Severity.CRITICAL, summary, Map.of("instrument", "BTCUSD"), traceId,
                traceId == null ? null : "http://jaeger/trace/" + traceId, runbook, "OPEN", 3, t, t, null, null,
                Duration.ofMinutes(15));
    }

    @Test
    void telegramTextIsEscapedHtml() {
        String text = TelegramNotifier.text(notice(Notice.Kind.FIRING, "size <0.01> & \"odd\"", "abc123",
                "https://rb/x#y"));
        assertThat(text).startsWith("<b>[FIRING] CRITICAL order-unknown</b>\nsize &lt;0.01&gt; &amp; \"odd\"")
                .contains("Trace id: <a href=\"http://jaeger/trace/abc123\">abc123</a>")
                .contains("Runbook: <a href=\"https://rb/x#y\">https://rb/x#y</a>");
        assertThat(TelegramNotifier.text(notice(Notice.Kind.FIRING, "x".repeat(10_000), null, null)).length())
                .isLessThanOrEqualTo(TelegramNotifier.MAX_TEXT);
        assertThat(TelegramNotifier.text(notice(Notice.Kind.RESOLVED, "s", null, null)))
                .contains("Trace id: none").contains("Runbook: none");
    }

    @Test
    void slackHasFallbackTextAndBlocks() {
        JsonObject p = SlackNotifier.payload(notice(Notice.Kind.ESCALATION, "a <b> c", "abc123", "https://rb/x"));
        assertThat(p.getString("text")).startsWith("[ESCALATION] CRITICAL order-unknown: a <b> c")
                .contains("not acknowledged within 15m").contains("Trace id: abc123").contains("Runbook: https://rb/x");
        assertThat(p.getJsonArray("blocks").getJsonObject(0).getString("type")).isEqualTo("header");
        assertThat(p.getJsonArray("blocks").encode()).contains("a &lt;b&gt; c")
                .contains("<http://jaeger/trace/abc123|abc123>").contains("<https://rb/x|https://rb/x>");
    }

    @Test
    void webhookCarriesTheWholeAlert() {
        JsonObject p = WebhookNotifier.payload(notice(Notice.Kind.RESOLVED, "s", "abc123", "https://rb/x"));
        assertThat(p.getString("kind")).isEqualTo("RESOLVED");
        assertThat(p.getString("idempotencyKey")).isEqualTo("00000000-0000-0000-0000-000000000001:RESOLVED");
        assertThat(p.getJsonObject("alert").getString("traceId")).isEqualTo("abc123");
        assertThat(p.getJsonObject("alert").getString("runbookUrl")).isEqualTo("https://rb/x");
        assertThat(p.getJsonObject("alert").getJsonObject("labels").getString("instrument")).isEqualTo("BTCUSD");
    }
}
