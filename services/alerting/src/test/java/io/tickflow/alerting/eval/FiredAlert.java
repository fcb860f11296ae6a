package io.tickflow.alerting.eval;

import java.util.Map;
import java.util.TreeMap;

/** An alert one of the two engines raised during a scenario (one per opened alert / per firing label set). */
public record FiredAlert(String engine, String alert, String severity, Map<String, String> labels) {

    public FiredAlert {
        severity = severity.toLowerCase(java.util.Locale.ROOT);
        labels = new TreeMap<>(labels);
    }

    boolean matches(Scenario.Expected e) {
        return engine.equals(e.engine()) && alert.equals(e.alert()) && severity.equalsIgnoreCase(e.severity())
                && e.labels().entrySet().stream().allMatch(l -> l.getValue().equals(labels.get(l.getKey())));
    }

    /** The rule as the report names it, e.g. {@code prometheus:MarketDataStale}. */
    String rule() {
        return engine + ":" + alert;
    }

    @Override
    public String toString() {
        return rule() + " " + severity + " " + labels;
    }
}
