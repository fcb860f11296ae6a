package io.tickflow.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.tickflow.events.Severity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up checks of the notification settings, on the real configuration mapping. */
class NotifySettingsTest {

    static NotifyConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(NotifyConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(NotifyConfig.class);
    }

    @Test
    void nothingConfiguredMeansEveryChannelOffAndNothingRouted() {
        NotifySettings s = NotifySettings.of(config(Map.of()));
        assertThat(s.enabled()).isEmpty();
        assertThat(s.disabled()).containsOnlyKeys("webhook", "slack", "telegram", "email");
        assertThat(s.disabled().get("slack")).isEqualTo("set tickflow.alerting.slack.webhook-url (SLACK_WEBHOOK_URL)");
        assertThat(s.route(Severity.CRITICAL)).isEmpty();
        assertThat(s.escalationChannels()).isEmpty();
    }

    @Test
    void configuredChannelsAreRoutedPerSeverity() {
        NotifySettings s = NotifySettings.of(config(Map.of(
                "tickflow.alerting.slack.webhook-url", "https://hooks.slack.test/services/T/B/x",
                "tickflow.alerting.telegram.bot-token", "123:abc",
                "tickflow.alerting.telegram.chat-id", "-100",
                "tickflow.alerting.routes.critical", "Slack, telegram",
                "tickflow.alerting.routes.warning", "slack",
                "tickflow.alerting.escalation.channels", "telegram")));
        assertThat(s.enabled()).containsExactlyInAnyOrder("slack", "telegram");
        assertThat(s.route(Severity.CRITICAL)).containsExactly("slack", "telegram");
        assertThat(s.route(Severity.WARNING)).containsExactly("slack");
        assertThat(s.route(Severity.INFO)).isEmpty();
        assertThat(s.escalationChannels()).containsExactly("telegram");
    }

    @Test
    void aRouteToAnUnconfiguredChannelStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> NotifySettings.of(config(Map.of("tickflow.alerting.routes.critical", "slack,email"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tickflow.alerting.routes.critical (ALERT_ROUTES_CRITICAL) names channel 'slack',"
                        + " which is not configured: set tickflow.alerting.slack.webhook-url (SLACK_WEBHOOK_URL)")
                .hasMessageContaining("names channel 'email'")
                .hasMessageContaining("tickflow.alerting.email.host (SMTP_HOST)");
        assertThatThrownBy(() -> NotifySettings.of(config(Map.of("tickflow.alerting.escalation.channels",
                "telegram"))))
                .hasMessageContaining("tickflow.alerting.escalation.channels (ALERT_ESCALATION_CHANNELS) names channel"
                        + " 'telegram'")
                .hasMessageContaining("tickflow.alerting.telegram.bot-token (TELEGRAM_BOT_TOKEN)");
    }

    @Test
    void unknownChannelsAndHalfConfiguredChannelsAreRefusedWithoutQuotingValues() {
        String token = "999:very-secret-token";
        Map<String, String> p = new HashMap<>(Map.of(
                "tickflow.alerting.routes.warning", "slak",
                "tickflow.alerting.telegram.bot-token", token,
                "tickflow.alerting.email.host", "smtp.test",
                "tickflow.alerting.webhook.url", "ftp://hooks.test/secret-path"));
        assertThatThrownBy(() -> NotifySettings.of(config(p)))
                .hasMessageContaining("names unknown channel 'slak' (channels: webhook, slack, telegram, email)")
                .hasMessageContaining("channel telegram is half configured: set tickflow.alerting.telegram.chat-id"
                        + " (TELEGRAM_CHAT_ID) too")
                .hasMessageContaining("channel email is half configured: set tickflow.alerting.email.from (SMTP_FROM)"
                        + " and tickflow.alerting.email.to (SMTP_TO) too")
                .hasMessageContaining("tickflow.alerting.webhook.url (ALERT_WEBHOOK_URL) is not an http(s) URL")
                .message().doesNotContain(token).doesNotContain("secret-path");
    }

    @Test
    void aLeaseShorterThanTwoTimeoutsIsRefused() {
        assertThatThrownBy(() -> NotifySettings.of(config(Map.of(
                "tickflow.alerting.webhook.url", "http://127.0.0.1:1/x",
                "tickflow.alerting.webhook.timeout", "30s",
                "tickflow.alerting.dispatch.lease", "45s"))))
                .hasMessageContaining("tickflow.alerting.dispatch.lease (PT45S) must be at least twice"
                        + " tickflow.alerting.webhook.timeout");
    }

    @Test
    void everySecretIsKnownToTheRedactors() {
        NotifyConfig c = config(Map.of(
                "tickflow.alerting.slack.webhook-url", "https://hooks.slack.test/services/T1/B2/sl4ck",
                "tickflow.alerting.telegram.bot-token", "123456:AAbbCCdd",
                "tickflow.alerting.telegram.chat-id", "42",
                "tickflow.alerting.email.password", "hunter22"));
        List<String> secrets = Notifiers.secrets(c);
        assertThat(secrets).contains("https://hooks.slack.test/services/T1/B2/sl4ck", "/services/T1/B2/sl4ck",
                "123456:AAbbCCdd", "AAbbCCdd", "https://api.telegram.org/bot123456:AAbbCCdd/sendMessage", "hunter22");
        Redactor r = new Redactor(secrets);
        assertThat(r.apply("POST https://api.telegram.org/bot123456:AAbbCCdd/sendMessage failed; token AAbbCCdd"))
                .isEqualTo("POST *** failed; token ***");
    }
}
