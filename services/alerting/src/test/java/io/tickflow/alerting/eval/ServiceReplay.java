package io.tickflow.alerting.eval;

import io.tickflow.alerting.AlertConsumers;
import io.tickflow.alerting.AlertRules;
import io.tickflow.alerting.PendingGaps;
import io.tickflow.alerting.RejectBursts;
import io.tickflow.events.Alert;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Side;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Replays a scenario's events through the alerting service's rules in-process: the same calls {@link AlertConsumers}
 * makes ({@link AlertConsumers#orderAlert}, {@link AlertRules#fromSourceEvent} and {@link AlertConsumers#sourceAlert},
 * {@link AlertRules#fromDeadLetter}) with the service's default reject-burst and gap-grace settings, and the history's de-duplication (an alert opens when no alert of its
 * fingerprint is open; a resolve closes it). Every opened alert is one notification, so each counts.
 */
final class ServiceReplay {

    /** The shipped defaults (application.properties tickflow.alerting.reject-burst.*). */
    static final Duration BURST_WINDOW = Duration.ofMinutes(5);
    static final int BURST_COUNT = 3;
    /** The shipped default (application.properties tickflow.alerting.gap-grace). */
    static final Duration GAP_GRACE = Duration.ofSeconds(30);

    private ServiceReplay() {
    }

    static List<FiredAlert> run(Scenario scenario) {
        RejectBursts bursts = new RejectBursts(BURST_WINDOW, BURST_COUNT);
        PendingGaps gaps = new PendingGaps(GAP_GRACE);
        Set<String> open = new HashSet<>();
        Map<String, UUID> orderIds = new HashMap<>();
        Map<UUID, Long> sequences = new HashMap<>();
        List<FiredAlert> fired = new ArrayList<>();
        List<Scenario.Event> events = scenario.events().stream()
                .sorted(Comparator.comparingDouble(Scenario.Event::at)).toList();
        for (Scenario.Event ev : events) {
            Instant at = Instant.EPOCH.plusMillis(Math.round(ev.at() * 60_000));
            // the consumer's ticker: gaps whose grace ended before this event are raised first
            raiseDue(gaps, at, open, fired);
            String traceId = traceId(scenario.name(), ev);
            switch (ev.type()) {
                case "order" -> {
                    UUID id = orderIds.computeIfAbsent(ev.order() == null ? UUID.randomUUID().toString() : ev.order(),
                            k -> UUID.nameUUIDFromBytes(k.getBytes(StandardCharsets.UTF_8)));
                    long seq = sequences.merge(id, 1L, Long::sum);
                    OrderEvent e = new OrderEvent(OrderEvent.SCHEMA_VERSION, UUID.randomUUID(), at, at, id, seq,
                            OrderStatus.valueOf(ev.status()), null, ev.instrument(), Side.BUY, new BigDecimal("0.01"),
                            "eval", null, null, ev.reason());
                    AlertConsumers.orderAlert(bursts, e, traceId).ifPresent(a -> raise(a, open, fired));
                }
                case "source" -> {
                    SourceEventKind kind = SourceEventKind.valueOf(ev.kind());
                    Instant gapStart = kind.isGap() ? at.minusSeconds(2) : null;
                    Instant gapEnd = kind.closesGap() ? at : null;
                    SourceEvent e = SourceEvent.of(at, ev.instrument(), ev.source(), kind, ev.from(), ev.to(),
                            gapStart, gapEnd, ev.reason() == null ? kind.name().toLowerCase() : ev.reason());
                    switch (AlertRules.fromSourceEvent(e, traceId)) {
                        case AlertRules.SourceVerdict.Raise r -> AlertConsumers.sourceAlert(gaps, r.alert())
                                .ifPresent(a -> raise(a, open, fired));
                        case AlertRules.SourceVerdict.Resolve r -> {
                            gaps.ended(r.fingerprint());
                            open.remove(r.fingerprint());
                        }
                        case AlertRules.SourceVerdict.Ignore i -> { }
                    }
                }
                case "dead-letter" -> raise(AlertRules.fromDeadLetter(ev.topic() + ".dlq", ev.topic(),
                        ev.reason() == null ? "undecodable" : ev.reason(), traceId), open, fired);
                default -> throw new IllegalArgumentException(scenario.name() + ": unknown event type " + ev.type());
            }
        }
        raiseDue(gaps, Instant.EPOCH.plus(Duration.ofMinutes(scenario.minutes())), open, fired);
        return fired;
    }

    private static void raiseDue(PendingGaps gaps, Instant now, Set<String> open, List<FiredAlert> fired) {
        for (Alert gap : gaps.due(now)) {
            raise(gap, open, fired);
            if (gaps.raised(gap.fingerprint())) {
                open.remove(gap.fingerprint());
            }
        }
    }

    private static void raise(Alert alert, Set<String> open, List<FiredAlert> fired) {
        if (alert.traceId() == null || alert.runbookUrl() == null) {
            throw new AssertionError("alert without trace id or runbook: " + alert);
        }
        if (open.add(alert.fingerprint())) {
            fired.add(new FiredAlert("service", alert.ruleId(), alert.severity().name(), alert.labels()));
        }
    }

    private static String traceId(String scenario, Scenario.Event ev) {
        return UUID.nameUUIDFromBytes((scenario + ev).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }
}
