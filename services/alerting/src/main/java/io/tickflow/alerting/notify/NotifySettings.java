package io.tickflow.alerting.notify;

import io.tickflow.events.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The checked view of {@link NotifyConfig}: which channels are on, where each severity goes, who gets escalations.
 * A channel with no settings is off (and says so at start-up); a channel named in a route or in the escalation list
 * but not configured, a half-configured channel and an unknown channel name stop the start-up with a message naming
 * the setting. Values are never put in messages: some are secrets.
 */
public record NotifySettings(Map<Severity, List<String>> routes, List<String> escalationChannels,
        Set<String> enabled, Map<String, String> disabled) {

    public static final String WEBHOOK = "webhook";
    public static final String SLACK = "slack";
    public static final String TELEGRAM = "telegram";
    public static final String EMAIL = "email";
    /** Every channel this service can notify, in a stable order (metrics are registered for each). */
    public static final List<String> CHANNELS = List.of(WEBHOOK, SLACK, TELEGRAM, EMAIL);

    static final String P = "tickflow.alerting.";

    /** The environment variable application.properties reads for a setting (for messages). */
    static final Map<String, String> ENV = Map.ofEntries(
            Map.entry(P + "webhook.url", "ALERT_WEBHOOK_URL"),
            Map.entry(P + "slack.webhook-url", "SLACK_WEBHOOK_URL"),
            Map.entry(P + "telegram.bot-token", "TELEGRAM_BOT_TOKEN"),
            Map.entry(P + "telegram.chat-id", "TELEGRAM_CHAT_ID"),
            Map.entry(P + "telegram.base-url", "TELEGRAM_API_URL"),
            Map.entry(P + "email.host", "SMTP_HOST"),
            Map.entry(P + "email.from", "SMTP_FROM"),
            Map.entry(P + "email.to", "SMTP_TO"),
            Map.entry(P + "email.username", "SMTP_USERNAME"),
            Map.entry(P + "email.password", "SMTP_PASSWORD"),
            Map.entry(P + "routes.critical", "ALERT_ROUTES_CRITICAL"),
            Map.entry(P + "routes.warning", "ALERT_ROUTES_WARNING"),
            Map.entry(P + "routes.info", "ALERT_ROUTES_INFO"),
            Map.entry(P + "escalation.channels", "ALERT_ESCALATION_CHANNELS"));

    static String setting(String key) {
        String env = ENV.get(key);
        return env == null ? key : key + " (" + env + ")";
    }

    /** Checks {@code config}; throws {@link IllegalStateException} listing every problem. */
    public static NotifySettings of(NotifyConfig config) {
        List<String> problems = new ArrayList<>();
        Set<String> enabled = new LinkedHashSet<>();
        Map<String, String> disabled = new LinkedHashMap<>();

        channel(WEBHOOK, problems, enabled, disabled,
                Map.of(P + "webhook.url", present(config.webhook().url())), List.of(P + "webhook.url"));
        checkUrl(config.webhook().url(), P + "webhook.url", problems);
        channel(SLACK, problems, enabled, disabled,
                Map.of(P + "slack.webhook-url", present(config.slack().webhookUrl())),
                List.of(P + "slack.webhook-url"));
        checkUrl(config.slack().webhookUrl(), P + "slack.webhook-url", problems);
        channel(TELEGRAM, problems, enabled, disabled,
                Map.of(P + "telegram.bot-token", present(config.telegram().botToken()),
                        P + "telegram.chat-id", present(config.telegram().chatId())),
                List.of(P + "telegram.bot-token", P + "telegram.chat-id"));
        if (enabled.contains(TELEGRAM)) {
            checkUrl(Optional.of(config.telegram().baseUrl()), P + "telegram.base-url", problems);
            if (config.telegram().botToken().orElse("").matches(".*[\\s/?#].*")) {
                problems.add(setting(P + "telegram.bot-token") + " is not a bot token (it has a space, / ? or #)");
            }
        }
        NotifyConfig.Email email = config.email();
        channel(EMAIL, problems, enabled, disabled,
                Map.of(P + "email.host", present(email.host()), P + "email.from", present(email.from()),
                        P + "email.to", email.to().map(l -> l.stream().anyMatch(s -> !s.isBlank())).orElse(false)),
                List.of(P + "email.host", P + "email.from", P + "email.to"));
        if (present(email.username()) != present(email.password())) {
            problems.add("set both " + setting(P + "email.username") + " and " + setting(P + "email.password")
                    + ", or neither");
        }
        if (email.port() < 1 || email.port() > 65535) {
            problems.add(P + "email.port must be a TCP port, was " + email.port());
        }

        Map<Severity, List<String>> routes = new EnumMap<>(Severity.class);
        routes.put(Severity.CRITICAL, channels(P + "routes.critical", config.routes().critical(), enabled, disabled,
                problems));
        routes.put(Severity.WARNING, channels(P + "routes.warning", config.routes().warning(), enabled, disabled,
                problems));
        routes.put(Severity.INFO, channels(P + "routes.info", config.routes().info(), enabled, disabled, problems));
        List<String> escalation = channels(P + "escalation.channels", config.escalation().channels(), enabled,
                disabled, problems);

        NotifyConfig.Dispatch d = config.dispatch();
        positive(d.interval(), P + "dispatch.interval", problems);
        positive(d.initialBackoff(), P + "dispatch.initial-backoff", problems);
        positive(config.escalation().ackTimeout(), P + "escalation.ack-timeout", problems);
        positive(config.circuit().openFor(), P + "circuit.open-for", problems);
        if (config.throttleWindow().isNegative()) {
            problems.add(P + "throttle-window must not be negative");
        }
        if (d.maxBackoff().compareTo(d.initialBackoff()) < 0) {
            problems.add(P + "dispatch.max-backoff must be at least " + P + "dispatch.initial-backoff");
        }
        if (d.batchSize() < 1) {
            problems.add(P + "dispatch.batch-size must be at least 1");
        }
        if (d.maxAttempts() < 1) {
            problems.add(P + "dispatch.max-attempts must be at least 1");
        }
        if (config.circuit().failureThreshold() < 1) {
            problems.add(P + "circuit.failure-threshold must be at least 1");
        }
        Map<String, Duration> timeouts = Map.of(WEBHOOK, config.webhook().timeout(), SLACK, config.slack().timeout(),
                TELEGRAM, config.telegram().timeout(), EMAIL, email.timeout());
        for (String channel : CHANNELS) {
            Duration timeout = timeouts.get(channel);
            positive(timeout, P + channel + ".timeout", problems);
            if (enabled.contains(channel) && d.lease().compareTo(timeout.multipliedBy(2)) < 0) {
                problems.add(P + "dispatch.lease (" + d.lease() + ") must be at least twice " + P + channel
                        + ".timeout (" + timeout + "), or a slow delivery could be taken over and sent twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("alerting notification settings are wrong:\n  - "
                    + String.join("\n  - ", problems));
        }
        return new NotifySettings(routes, escalation, Set.copyOf(enabled), Map.copyOf(disabled));
    }

    /** The channels that get the FIRING notice of an alert of {@code severity}. */
    public List<String> route(Severity severity) {
        return routes.getOrDefault(severity, List.of());
    }

    /** Whether a route or the escalation list uses {@code channel}. */
    public boolean used(String channel) {
        return escalationChannels.contains(channel) || routes.values().stream().anyMatch(l -> l.contains(channel));
    }

    private static void channel(String name, List<String> problems, Set<String> enabled, Map<String, String> disabled,
            Map<String, Boolean> required, List<String> order) {
        List<String> missing = order.stream().filter(k -> !required.get(k)).toList();
        if (missing.isEmpty()) {
            enabled.add(name);
        } else if (missing.size() == order.size()) {
            disabled.put(name, "set " + String.join(" and ", order.stream().map(NotifySettings::setting).toList()));
        } else {
            problems.add("channel " + name + " is half configured: set "
                    + String.join(" and ", missing.stream().map(NotifySettings::setting).toList())
                    + " too, or unset the rest");
        }
    }

    private static List<String> channels(String key, Optional<List<String>> value, Set<String> enabled,
            Map<String, String> disabled, List<String> problems) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : value.orElse(List.of())) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!CHANNELS.contains(name)) {
                problems.add(setting(key) + " names unknown channel '" + name + "' (channels: "
                        + String.join(", ", CHANNELS) + ")");
            } else if (!enabled.contains(name)) {
                problems.add(setting(key) + " names channel '" + name + "', which is not configured: "
                        + disabled.getOrDefault(name, "configure it"));
            } else {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    private static boolean present(Optional<String> v) {
        return v.map(s -> !s.isBlank()).orElse(false);
    }

    private static void checkUrl(Optional<String> url, String key, List<String> problems) {
        url.filter(s -> !s.isBlank()).ifPresent(s -> {
            try {
                URI uri = URI.create(s.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    problems.add(setting(key) + " is not an http(s) URL");
                }
            } catch (IllegalArgumentException e) {
                problems.add(setting(key) + " is not a valid URL"); // not e's message: it quotes the value
            }
        });
    }

    private static void positive(Duration d, String key, List<String> problems) {
        if (d.isNegative() || d.isZero()) {
            problems.add(key + " must be positive, was " + d);
        }
    }

    /** For start-up logs: "CRITICAL -> [slack, telegram], WARNING -> [], ...". */
    public String describeRoutes() {
        return String.join(", ", java.util.stream.Stream.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)
                .map(s -> s + " -> " + route(s)).toList());
    }
}
