package io.tickflow.alerting.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the notification side of the alerting service ({@code tickflow.alerting.*}). Every channel is off until
 * its settings are given; application.properties maps them to environment variables (SLACK_WEBHOOK_URL, ...). See
 * services/alerting/README.md for the table.
 */
@ConfigMapping(prefix = "tickflow.alerting")
public interface NotifyConfig {

    /** Severity -> channels that get its FIRING notice (and later its RESOLVED notice). */
    Routes routes();

    /**
     * At most one FIRING notice per fingerprint per window: repeat occurrences of an open alert only bump its counter,
     * and an alert that re-opens within the window of the last notice for its fingerprint (flapping) is held back
     * until the window ends, and notified then only if it is still open.
     */
    @WithDefault("5m")
    Duration throttleWindow();

    Escalation escalation();

    /**
     * How long a gap in the merged feed (GAP_DETECTED) must last before it raises market-data-gap
     * ({@link io.tickflow.alerting.PendingGaps}); 0 raises at once.
     */
    @WithDefault("30s")
    Duration gapGrace();

    /** When broker rejects become an alert (rule order-rejected, {@link io.tickflow.alerting.RejectBursts}). */
    RejectBurst rejectBurst();

    Dispatch dispatch();

    Circuit circuit();

    /** Prefix for relative runbook links such as {@code docs/runbooks.md#order-unknown}. */
    Optional<String> runbookBaseUrl();

    /** Link to a trace, with {@code {traceId}} in it, e.g. {@code http://localhost:16686/trace/{traceId}}. */
    Optional<String> traceUrlTemplate();

    Webhook webhook();

    Slack slack();

    Telegram telegram();

    Email email();

    interface Routes {
        Optional<List<String>> critical();

        Optional<List<String>> warning();

        Optional<List<String>> info();
    }

    interface Escalation {
        /** A CRITICAL alert still OPEN (not acknowledged, not resolved) this long after it opened is escalated. */
        @WithDefault("15m")
        Duration ackTimeout();

        /** Channels that get the escalation notice (once per alert); none: no escalation. */
        Optional<List<String>> channels();
    }

    interface RejectBurst {
        /** This many broker rejects of one instrument within {@link #window()} raise the alert. */
        @WithDefault("3")
        int count();

        @WithDefault("5m")
        Duration window();
    }

    interface Dispatch {
        /** Off: notices are still queued (and survive), nothing is delivered by this instance. */
        @WithDefault("true")
        boolean enabled();

        /** How often the dispatcher looks for due notices, held-back alerts and escalations (it is also woken). */
        @WithDefault("1s")
        Duration interval();

        @WithDefault("20")
        int batchSize();

        /** How long a claimed notice belongs to this instance; a crashed instance's notices are retried after it. */
        @WithDefault("2m")
        Duration lease();

        /**
         * Attempts per notice before it is marked FAILED (transient failures only; a 4xx fails at once). With the
         * default backoff, 12 attempts span about half an hour; an open circuit uses none but its trials.
         */
        @WithDefault("12")
        int maxAttempts();

        /** Backoff after the n-th failed attempt: initial x 2^(n-1), at most max-backoff. */
        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /** A 429's Retry-After is honoured up to this long. */
        @WithDefault("10m")
        Duration maxRetryAfter();
    }

    interface Circuit {
        /** Consecutive transient failures of a channel that open its circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit stays open before one trial request (half-open). */
        @WithDefault("60s")
        Duration openFor();
    }

    interface Webhook {
        /** Generic JSON webhook: the URL may carry a token, so it is never logged. */
        Optional<String> url();

        @WithDefault("10s")
        Duration timeout();
    }

    interface Slack {
        /** A Slack (or Mattermost, Rocket.Chat ...) incoming-webhook URL: a secret. */
        Optional<String> webhookUrl();

        @WithDefault("10s")
        Duration timeout();
    }

    interface Telegram {
        /** The bot token: a secret, never logged, nor the URL that contains it. */
        Optional<String> botToken();

        Optional<String> chatId();

        @WithDefault("https://api.telegram.org")
        String baseUrl();

        @WithDefault("10s")
        Duration timeout();
    }

    interface Email {
        Optional<String> host();

        @WithDefault("587")
        int port();

        Optional<String> username();

        /** A secret. */
        Optional<String> password();

        Optional<String> from();

        Optional<List<String>> to();

        /**
         * DISABLED (plain SMTP), OPTIONAL (STARTTLS when offered), REQUIRED (STARTTLS or fail; port 587), IMPLICIT
         * (TLS from the first byte, "SMTPS"; port 465).
         */
        @WithDefault("REQUIRED")
        TlsMode tls();

        /** Accept any server certificate (tests, or a relay with a self-signed certificate on a private network). */
        @WithDefault("false")
        boolean trustAll();

        @WithDefault("10s")
        Duration timeout();
    }

    enum TlsMode {
        DISABLED, OPTIONAL, REQUIRED, IMPLICIT
    }
}
