package io.tickflow.alerting.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The words every channel uses, so a notice reads the same in Slack, Telegram, an email and a webhook. */
final class NoticeText {

    static final String NONE = "none";

    private NoticeText() {
    }

    /** "[FIRING] CRITICAL order-unknown: BTCUSD order ... has an unknown outcome". */
    static String title(Notice n) {
        return "[" + n.kind() + "] " + n.severity() + " " + n.ruleId() + ": " + n.summary();
    }

    /** One line under the title saying what this notice is. */
    static String lead(Notice n) {
        return switch (n.kind()) {
            case FIRING -> "Alert firing" + (n.occurrences() > 1 ? " (" + n.occurrences() + " occurrences so far)" : "")
                    + ".";
            case RESOLVED -> "Resolved" + (n.acknowledgedBy() != null ? " (acknowledged by " + n.acknowledgedBy() + ")"
                    : "") + " after " + n.occurrences() + " occurrence" + (n.occurrences() == 1 ? "" : "s") + ".";
            case ESCALATION -> "Escalated: not acknowledged within " + human(n.ackTimeout()) + " ("
                    + n.occurrences() + " occurrence" + (n.occurrences() == 1 ? "" : "s") + "). Acknowledge with"
                    + " POST /api/alerts/" + n.alertId() + "/acknowledge.";
        };
    }

    /** Name/value pairs in a fixed order; trace and runbook are always there ("none" when the alert has none). */
    static List<Map.Entry<String, String>> fields(Notice n) {
        List<Map.Entry<String, String>> f = new ArrayList<>();
        f.add(Map.entry("Severity", n.severity().name()));
        f.add(Map.entry("Status", n.status()));
        f.add(Map.entry("Rule", n.ruleId()));
        f.add(Map.entry("Occurrences", Long.toString(n.occurrences())));
        f.add(Map.entry("First seen", String.valueOf(n.firstSeen())));
        if (n.resolvedAt() != null) {
            f.add(Map.entry("Resolved at", n.resolvedAt().toString()));
        }
        f.add(Map.entry("Trace id", n.traceId() == null ? NONE : n.traceId()));
        if (n.traceUrl() != null) {
            f.add(Map.entry("Trace", n.traceUrl()));
        }
        f.add(Map.entry("Runbook", n.runbookUrl() == null ? NONE : n.runbookUrl()));
        f.add(Map.entry("Fingerprint", n.fingerprint()));
        f.add(Map.entry("Alert id", n.alertId().toString()));
        if (!n.labels().isEmpty()) {
            f.add(Map.entry("Labels", new TreeMap<>(n.labels()).toString()));
        }
        return f;
    }

    /** Plain text: title, lead, then "Name: value" lines (email bodies, Slack's fallback text). */
    static String plain(Notice n) {
        StringBuilder sb = new StringBuilder(title(n)).append("\n\n").append(lead(n)).append("\n\n");
        for (Map.Entry<String, String> e : fields(n)) {
            sb.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    static String human(Duration d) {
        if (d == null) {
            return "the ack timeout";
        }
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
