package io.tickflow.alerting;

import io.tickflow.events.Alert;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.Severity;
import io.tickflow.events.SourceEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rules over event streams: which events are alerts, how severe, and what counts as "the same problem"
 * (the fingerprint). Pure functions, so every rule is unit-testable without a broker.
 */
public final class AlertRules {

    static final String RUNBOOKS = "docs/runbooks.md#";

    private AlertRules() {
    }

    /**
     * Stateless order rules. Broker rejects ({@code REJECTED}) are not here: one reject is no alert, a burst is
     * ({@link RejectBursts}).
     */
    public static Optional<Alert> fromOrderEvent(OrderEvent e, String traceId) {
        return switch (e.status()) {
            case RISK_REJECTED -> Optional.of(riskRejected(e, traceId));
            // one page per instrument while open: a broker outage leaves several orders UNKNOWN at once; the first
            // order's id is in the alert, the others bump its occurrences (execution's GET /api/orders lists them)
            case UNKNOWN -> Optional.of(alert("order-unknown", Severity.CRITICAL,
                    "order-unknown:" + e.instrument(),
                    e.instrument() + " order " + e.orderId() + " has an unknown outcome at the broker: " + e.reason(),
                    Map.of("instrument", e.instrument(), "orderId", e.orderId().toString()), traceId,
                    e.eventTime()));
            default -> Optional.empty();
        };
    }

    /** Reason codes of risk refusals that stop trading on the whole account (not one instrument). */
    static final String KILL_SWITCH = "kill switch engaged";
    static final String DAILY_LOSS_LIMIT = "DAILY_LOSS_LIMIT";

    /**
     * Pre-trade risk refusals. The kill switch and the daily loss limit stop trading on the whole account: critical,
     * one alert for the account whatever the instrument (a drawdown past the limit refuses orders on every instrument
     * and should page once). Other refusals (position limit, size rules, trading hours) are the limits doing their
     * job: info, per instrument and reason.
     */
    private static Alert riskRejected(OrderEvent e, String traceId) {
        String code = code(e.reason());
        boolean accountWide = code.equals(KILL_SWITCH) || code.equals(DAILY_LOSS_LIMIT);
        String fingerprint = accountWide ? "order-risk-rejected:account:" + code
                : "order-risk-rejected:" + e.instrument() + ":" + code;
        String summary = code.equals(DAILY_LOSS_LIMIT)
                ? "daily loss limit reached, only orders that reduce a position pass: " + e.reason()
                : e.instrument() + " order refused by pre-trade risk: " + e.reason();
        return alert("order-risk-rejected", accountWide ? Severity.CRITICAL : Severity.INFO, fingerprint, summary,
                Map.of("instrument", e.instrument(), "reason", code), traceId, e.eventTime());
    }

    /** What a market-data source event asks of the alert history. */
    public sealed interface SourceVerdict {
        /** Open (or bump) an alert. */
        record Raise(Alert alert) implements SourceVerdict {
        }

        /** The problem of this fingerprint is over: resolve its open alert, which sends the resolved notice. */
        record Resolve(String fingerprint) implements SourceVerdict {
        }

        /** Nothing to alert: visible in metrics only. */
        record Ignore() implements SourceVerdict {
        }
    }

    /**
     * Market-data source events. A failover is one warning per instrument until the feed switches back; a gap in the
     * merged feed (no healthy source during trading hours) is critical until ticks flow again. A single source going
     * stale or recovering is not an alert of its own: when it matters it causes a failover or a gap, and one outage
     * should page once.
     */
    public static SourceVerdict fromSourceEvent(SourceEvent e, String traceId) {
        return switch (e.kind()) {
            case FAILOVER -> new SourceVerdict.Raise(alert("market-data-failover", Severity.WARNING,
                    failoverFingerprint(e.instrument()),
                    e.instrument() + " market data failed over from " + e.fromSource() + " to " + e.toSource()
                            + ": " + e.reason(),
                    Map.of("instrument", e.instrument(), "from_source", e.fromSource(), "to_source", e.toSource()),
                    traceId, e.eventTime()));
            case SWITCH_BACK -> new SourceVerdict.Resolve(failoverFingerprint(e.instrument()));
            case GAP_DETECTED -> new SourceVerdict.Raise(alert(GAP_RULE, Severity.CRITICAL,
                    gapFingerprint(e.instrument()),
                    e.instrument() + " has no market data from any source during trading hours: " + e.reason(),
                    Map.of("instrument", e.instrument(), "source", e.source()), traceId, e.eventTime()));
            case GAP_ENDED -> new SourceVerdict.Resolve(gapFingerprint(e.instrument()));
            default -> new SourceVerdict.Ignore();
        };
    }

    /** The gap rule: raised only once the gap outlasts its grace ({@link PendingGaps}). */
    public static final String GAP_RULE = "market-data-gap";

    static String failoverFingerprint(String instrument) {
        return "market-data-failover:" + instrument;
    }

    static String gapFingerprint(String instrument) {
        return "market-data-gap:" + instrument;
    }

    public static Alert fromDeadLetter(String deadLetterTopic, String originalTopic, String reason, String traceId) {
        return alert("dead-letter", Severity.WARNING, "dead-letter:" + originalTopic,
                "a record on " + originalTopic + " was dead-lettered to " + deadLetterTopic + ": " + reason,
                Map.of("topic", originalTopic), traceId, Instant.now());
    }

    static Alert alert(String rule, Severity severity, String fingerprint, String summary,
            Map<String, String> labels, String traceId, Instant at) {
        return new Alert(Alert.SCHEMA_VERSION, UUID.randomUUID(), at, Instant.now(), rule, severity, fingerprint,
                summary, labels, traceId, RUNBOOKS + rule);
    }

    /** The stable part of a reason (before the first ':'), so "MARKET_CLOSED: ..." variants group together. */
    static String code(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unspecified";
        }
        int cut = reason.indexOf(':');
        return (cut > 0 ? reason.substring(0, cut) : reason).trim();
    }
}
