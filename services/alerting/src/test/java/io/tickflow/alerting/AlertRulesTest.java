package io.tickflow.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.events.OrderEvent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Severity;
import io.tickflow.events.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    @Test
    void unknownOrdersAreCriticalAndFingerprintedPerInstrument() {
        OrderEvent e = event(OrderStatus.UNKNOWN, "submit timed out");
        var alert = AlertRules.fromOrderEvent(e, "abc").orElseThrow();
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.fingerprint()).isEqualTo("order-unknown:BTCUSD");
        assertThat(alert.labels()).containsEntry("orderId", e.orderId().toString());
        assertThat(alert.traceId()).isEqualTo("abc");
        // a second order of the same outage is the same problem
        assertThat(AlertRules.fromOrderEvent(event(OrderStatus.UNKNOWN, "submit timed out"), "def").orElseThrow()
                .fingerprint()).isEqualTo(alert.fingerprint());
    }

    @Test
    void accountWideRiskRejectsAreCriticalOncePerAccountOtherRiskRejectsInfo() {
        var kill = AlertRules.fromOrderEvent(event(OrderStatus.RISK_REJECTED, "kill switch engaged: ops"), null)
                .orElseThrow();
        assertThat(kill.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(kill.fingerprint()).isEqualTo("order-risk-rejected:account:kill switch engaged");
        var loss = AlertRules.fromOrderEvent(event(OrderStatus.RISK_REJECTED,
                "DAILY_LOSS_LIMIT: today's P&L -1050 is at or below -1000"), null).orElseThrow();
        assertThat(loss.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(loss.fingerprint()).isEqualTo("order-risk-rejected:account:DAILY_LOSS_LIMIT");
        assertThat(loss.summary()).startsWith("daily loss limit reached");
        var limit = AlertRules.fromOrderEvent(event(OrderStatus.RISK_REJECTED, "position limit: x"), null)
                .orElseThrow();
        assertThat(limit.severity()).isEqualTo(Severity.INFO);
        assertThat(limit.fingerprint()).isEqualTo("order-risk-rejected:BTCUSD:position limit");
    }

    @Test
    void rejectsSpreadOverTimeOrInstrumentsAreNoBurst() {
        RejectBursts bursts = new RejectBursts(java.time.Duration.ofMinutes(5), 3);
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(bursts.onOrderEvent(rejected("OIL_CRUDE", t), null)).isEmpty();
        // 6 minutes later: the first one is out of the window
        assertThat(bursts.onOrderEvent(rejected("OIL_CRUDE", t.plusSeconds(360)), null)).isEmpty();
        // another instrument's rejects do not count towards this one's
        assertThat(bursts.onOrderEvent(rejected("BTCUSD", t.plusSeconds(370)), null)).isEmpty();
        assertThat(bursts.onOrderEvent(rejected("OIL_CRUDE", t.plusSeconds(400)), null)).isEmpty();
        // 360 s, 400 s, 420 s: three within 5 minutes
        assertThat(bursts.onOrderEvent(rejected("OIL_CRUDE", t.plusSeconds(420)), null)).isPresent();
    }

    @Test
    void aBurstOfBrokerRejectsIsOneWarningPerInstrument() {
        RejectBursts bursts = new RejectBursts(java.time.Duration.ofMinutes(5), 3);
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(bursts.onOrderEvent(rejected("OIL_CRUDE", t), null)).isEmpty();
        assertThat(bursts.onOrderEvent(rejected("OIL_CRUDE", t.plusSeconds(10)), null)).isEmpty();
        var alert = bursts.onOrderEvent(rejected("OIL_CRUDE", t.plusSeconds(20)), "tr").orElseThrow();
        assertThat(alert.ruleId()).isEqualTo("order-rejected");
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.fingerprint()).isEqualTo("order-rejected:OIL_CRUDE");
        assertThat(alert.labels()).containsEntry("reason", "MARKET_CLOSED");
        assertThat(alert.traceId()).isEqualTo("tr");
        // the burst goes on: the same fingerprint, so the open alert only counts occurrences
        assertThat(bursts.onOrderEvent(rejected("OIL_CRUDE", t.plusSeconds(30)), null).orElseThrow().fingerprint())
                .isEqualTo(alert.fingerprint());
        // the stateless rules leave broker rejects to the burst rule
        assertThat(AlertRules.fromOrderEvent(rejected("OIL_CRUDE", t), null)).isEmpty();
    }

    @Test
    void progressIsNotAnAlert() {
        assertThat(AlertRules.fromOrderEvent(event(OrderStatus.FILLED, null), null)).isEmpty();
        assertThat(AlertRules.fromOrderEvent(event(OrderStatus.SUBMITTED, null), null)).isEmpty();
    }

    @Test
    void aGapPagesOnlyWhenItOutlastsItsGrace() {
        PendingGaps gaps = new PendingGaps(java.time.Duration.ofSeconds(30));
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        var brief = gap("OIL_CRUDE", t);
        assertThat(AlertConsumers.sourceAlert(gaps, brief)).isEmpty();
        assertThat(gaps.due(t.plusSeconds(29))).isEmpty();
        assertThat(gaps.ended(brief.fingerprint())).isTrue();
        assertThat(gaps.due(t.plusSeconds(60))).as("ended within its grace: never raised").isEmpty();

        var lasting = gap("BTCUSD", t);
        assertThat(AlertConsumers.sourceAlert(gaps, lasting)).isEmpty();
        assertThat(AlertConsumers.sourceAlert(gaps, gap("BTCUSD", t.plusSeconds(10)))).isEmpty();
        assertThat(gaps.due(t.plusSeconds(30))).containsExactly(lasting);
        assertThat(gaps.due(t.plusSeconds(90))).isEmpty();
        assertThat(gaps.raised(lasting.fingerprint())).as("still open when its raise completed").isFalse();

        // the gap ends while its raise is in flight: the raiser must resolve it (a resolve then could miss the row)
        var racing = gap("US500", t);
        AlertConsumers.sourceAlert(gaps, racing);
        assertThat(gaps.due(t.plusSeconds(31))).containsExactly(racing);
        assertThat(gaps.ended(racing.fingerprint())).as("no longer pending").isFalse();
        assertThat(gaps.raised(racing.fingerprint())).isTrue();
        // a failed raise is retried unless the gap ended
        var failing = gap("GOLD", t);
        AlertConsumers.sourceAlert(gaps, failing);
        assertThat(gaps.due(t.plusSeconds(31))).containsExactly(failing);
        gaps.failed(failing);
        assertThat(gaps.due(t.plusSeconds(32))).containsExactly(failing);

        // grace 0: at once; other source alerts never wait
        assertThat(AlertConsumers.sourceAlert(new PendingGaps(java.time.Duration.ZERO), brief)).contains(brief);
        var failover = ((AlertRules.SourceVerdict.Raise) AlertRules.fromSourceEvent(io.tickflow.events.SourceEvent.of(t,
                "BTCUSD", "polygon", io.tickflow.events.SourceEventKind.FAILOVER, "capital", "polygon", null, null,
                "capital stale"), "tr")).alert();
        assertThat(AlertConsumers.sourceAlert(gaps, failover)).contains(failover);
    }

    private static io.tickflow.events.Alert gap(String instrument, Instant at) {
        return ((AlertRules.SourceVerdict.Raise) AlertRules.fromSourceEvent(io.tickflow.events.SourceEvent.of(at,
                instrument, "capital", io.tickflow.events.SourceEventKind.GAP_DETECTED, null, null, at.minusSeconds(2),
                null, "no healthy source"), "tr")).alert();
    }

    private static OrderEvent rejected(String instrument, Instant at) {
        return new OrderEvent(1, UUID.randomUUID(), at, at, UUID.randomUUID(), 3, OrderStatus.REJECTED,
                OrderStatus.SUBMITTED, instrument, Side.BUY, new BigDecimal("1"), "s", "ref", null,
                "MARKET_CLOSED: the market closed");
    }

    private static OrderEvent event(OrderStatus status, String reason) {
        Instant now = Instant.now();
        return new OrderEvent(1, UUID.randomUUID(), now, now, UUID.randomUUID(), 2, status, OrderStatus.NEW,
                "BTCUSD", Side.SELL, new BigDecimal("0.01"), "s", null, null, reason);
    }
}
