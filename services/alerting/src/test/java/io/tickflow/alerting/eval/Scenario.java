package io.tickflow.alerting.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One labelled scenario of the alert-quality evaluation (services/alerting/src/test/resources/alert-eval/*.json): what
 * the platform's metrics and events looked like, minute by minute, and which alerts an operator wants from it.
 *
 * <p>Time is in minutes from the scenario's start (t = 0). {@code series} are the Prometheus input series, sampled
 * every minute; {@code events} are the Kafka events the alerting service consumes; {@code expected} is the ground
 * truth, written from what an operator needs to be told, not from what the rules happen to do.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Scenario(String name, String description, int minutes, List<Series> series, List<Event> events,
        List<Expected> expected) {

    public Scenario {
        series = series == null ? List.of() : List.copyOf(series);
        events = events == null ? List.of() : List.copyOf(events);
        expected = expected == null ? List.of() : List.copyOf(expected);
    }

    /**
     * A Prometheus series over the whole scenario, one sample a minute: {@code gauge}, {@code counter} and {@code
     * clock} are lists of {@code [minutes, value]} segments, each covering the next {@code minutes} minutes. A gauge
     * holds the value (null: the series is absent); a counter grows by the value every minute (null: absent; it starts
     * from 0 when it appears); a clock is a timestamp in seconds that follows the scenario's time while the value is 1
     * (a source delivering ticks) and stays where it was while it is 0 (no ticks). The sample at t = 0 is the first
     * segment's value (gauge), 0 (counter, clock). {@code values} is promtool's own notation, as an escape hatch.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Series(String series, List<List<Double>> gauge, List<List<Double>> counter,
            List<List<Double>> clock, String values) {
    }

    /**
     * An event at minute {@code at}. {@code type}: {@code order} (an OrderEvent: {@code order} names the order so its
     * events share an id, {@code status}, {@code reason}), {@code source} (a SourceEvent: {@code kind}, {@code source},
     * {@code from}, {@code to}) or {@code dead-letter} ({@code topic}, {@code reason}).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Event(double at, String type, String instrument, String order, String status, String reason,
            String kind, String source, String from, String to, String topic) {
    }

    /**
     * An alert the operator wants: {@code engine} {@code service} (the alerting service's rule id) or {@code
     * prometheus} (the alert name), its severity, and labels the fired alert must carry (a subset).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Expected(String engine, String alert, String severity, Map<String, String> labels, String why) {
        public Expected {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }
}
