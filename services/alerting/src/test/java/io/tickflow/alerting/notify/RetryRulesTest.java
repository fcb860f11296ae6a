package io.tickflow.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which answers are retried, after how long; Retry-After in both its forms. */
class RetryRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(RetryAfter.parse("7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 10:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 09:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }

    @Test
    void statusesMapToOutcomes() {
        HttpNotifier n = new WebhookNotifier("http://127.0.0.1:9/hook/s3cret-path", Duration.ofSeconds(1),
                List.of("/hook/s3cret-path"), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(n.classify(200, "ok", null)).isEqualTo(Outcome.DELIVERED);
        assertThat(n.classify(204, "", null)).isEqualTo(Outcome.DELIVERED);
        assertThat(n.classify(500, "boom", null)).isEqualTo(new Outcome.Transient("HTTP 500: boom", null));
        assertThat(n.classify(503, "", "3")).isEqualTo(new Outcome.Transient("HTTP 503", Duration.ofSeconds(3)));
        assertThat(n.classify(429, "slow down", "12"))
                .isEqualTo(new Outcome.Transient("HTTP 429: slow down", Duration.ofSeconds(12)));
        assertThat(n.classify(400, "invalid_payload", "5")).isEqualTo(new Outcome.Permanent("HTTP 400: invalid_payload"));
        assertThat(n.classify(404, "no such hook /hook/s3cret-path", null))
                .isEqualTo(new Outcome.Permanent("HTTP 404: no such hook ***"));
        assertThat(n.classify(408, "", null)).isInstanceOf(Outcome.Permanent.class);
        assertThat(n.classify(302, "", null)).isInstanceOf(Outcome.Permanent.class);
    }

    @Test
    void telegramsRetryAfterInTheBody() {
        TelegramNotifier t = new TelegramNotifier("http://127.0.0.1:9", "1:x", "42", Duration.ofSeconds(1),
                List.of(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(t.classify(429, "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":35}}", null))
                .isEqualTo(new Outcome.Transient(
                        "HTTP 429: {\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":35}}",
                        Duration.ofSeconds(35)));
        assertThat(((Outcome.Transient) t.classify(429, "not json", "4")).retryAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(TelegramNotifier.uri("https://api.telegram.org/", "1:x"))
                .isEqualTo(URI.create("https://api.telegram.org/bot1:x/sendMessage"));
    }

    @Test
    void exponentialBackoffCappedAndRetryAfterHonouredUpToItsCap() {
        NotifyConfig.Dispatch d = NotifySettingsTest.config(Map.of(
                "tickflow.alerting.dispatch.initial-backoff", "2s",
                "tickflow.alerting.dispatch.max-backoff", "30s",
                "tickflow.alerting.dispatch.max-retry-after", "1m")).dispatch();
        assertThat(NotificationDispatcher.delay(d, 1, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(NotificationDispatcher.delay(d, 2, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(NotificationDispatcher.delay(d, 4, null)).isEqualTo(Duration.ofSeconds(16));
        assertThat(NotificationDispatcher.delay(d, 5, null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(NotificationDispatcher.delay(d, 60, null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(NotificationDispatcher.delay(d, 1, Duration.ofSeconds(45))).isEqualTo(Duration.ofSeconds(45));
        assertThat(NotificationDispatcher.delay(d, 1, Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(1));
    }
}
