package io.tickflow.alerting.notify;

import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The configured channels, built and checked at start-up: a wrong setting stops the service here, naming it. Says in
 * the log which channels are on and off, where each severity goes and who gets escalations (never a URL or token).
 */
@Startup
@Singleton
public class Notifiers {

    private static final Logger LOG = Logger.getLogger(Notifiers.class);

    private final NotifySettings settings;
    private final Map<String, Notifier> notifiers;
    private final Map<String, CircuitBreaker> breakers;

    @Inject
    public Notifiers(NotifyConfig config, Vertx vertx) {
        this(config, NotifySettings.of(config), vertx, Clock.systemUTC());
    }

    Notifiers(NotifyConfig config, NotifySettings settings, Vertx vertx, Clock clock) {
        this.settings = settings;
        List<String> secrets = secrets(config);
        Map<String, Notifier> built = new LinkedHashMap<>();
        Map<String, CircuitBreaker> circuits = new LinkedHashMap<>();
        for (String channel : NotifySettings.CHANNELS) {
            if (!settings.enabled().contains(channel)) {
                LOG.infof("notification channel %s disabled: %s", channel, settings.disabled().get(channel));
                continue;
            }
            Notifier n = switch (channel) {
                case NotifySettings.WEBHOOK -> new WebhookNotifier(config.webhook().url().orElseThrow(),
                        config.webhook().timeout(), secrets, clock);
                case NotifySettings.SLACK -> new SlackNotifier(config.slack().webhookUrl().orElseThrow(),
                        config.slack().timeout(), secrets, clock);
                case NotifySettings.TELEGRAM -> new TelegramNotifier(config.telegram().baseUrl(),
                        config.telegram().botToken().orElseThrow(), config.telegram().chatId().orElseThrow(),
                        config.telegram().timeout(), secrets, clock);
                case NotifySettings.EMAIL -> new EmailNotifier(vertx, config.email(), secrets);
                default -> throw new IllegalStateException("no notifier for " + channel);
            };
            built.put(channel, n);
            circuits.put(channel, new CircuitBreaker(config.circuit().failureThreshold(), config.circuit().openFor(),
                    clock));
            LOG.infof("notification channel %s enabled%s", channel,
                    settings.used(channel) ? "" : ", but no route and no escalation uses it");
        }
        this.notifiers = Collections.unmodifiableMap(built);
        this.breakers = Collections.unmodifiableMap(circuits);
        LOG.infof("notification routes: %s; throttle window %s; escalation of unacknowledged CRITICAL alerts after %s"
                        + " to %s", settings.describeRoutes(), NoticeText.human(config.throttleWindow()),
                NoticeText.human(config.escalation().ackTimeout()),
                settings.escalationChannels().isEmpty() ? "nobody (tickflow.alerting.escalation.channels is empty)"
                        : settings.escalationChannels());
    }

    /**
     * Every configured secret, for every channel's redactor: the webhook and Slack URLs (whole, and their path and
     * query, which carry the token), the Telegram bot token and the URL that contains it, the SMTP password.
     */
    static List<String> secrets(NotifyConfig config) {
        List<String> secrets = new ArrayList<>();
        for (Optional<String> url : List.of(config.webhook().url(), config.slack().webhookUrl())) {
            url.filter(u -> !u.isBlank()).map(String::trim).ifPresent(u -> {
                secrets.add(u);
                try {
                    URI uri = URI.create(u);
                    secrets.add(uri.getRawPath());
                    secrets.add(uri.getRawQuery());
                } catch (IllegalArgumentException e) {
                    // NotifySettings has refused it already
                }
            });
        }
        config.telegram().botToken().filter(t -> !t.isBlank()).map(String::trim).ifPresent(token -> {
            URI uri = TelegramNotifier.uri(config.telegram().baseUrl(), token);
            secrets.addAll(List.of(uri.toString(), uri.getRawPath(), "bot" + token, token));
            int colon = token.indexOf(':');
            if (colon > 0) {
                secrets.add(token.substring(colon + 1)); // the secret half of "<bot id>:<secret>"
            }
        });
        config.email().password().filter(p -> !p.isBlank()).ifPresent(secrets::add);
        secrets.removeIf(s -> s == null || s.length() < 6); // "/" or a short path would mask ordinary words
        return List.copyOf(secrets);
    }

    public NotifySettings settings() {
        return settings;
    }

    /** Enabled channel -> its notifier. */
    public Map<String, Notifier> notifiers() {
        return notifiers;
    }

    /** Enabled channel -> its circuit breaker. */
    public CircuitBreaker breaker(String channel) {
        return breakers.get(channel);
    }

    @PreDestroy
    void close() {
        notifiers.values().forEach(n -> {
            try {
                n.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing notifier %s: %s", n.channel(), e.toString());
            }
        });
    }
}
