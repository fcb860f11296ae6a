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
    void unknownOrdersAreCriticalAndFingerprintedPerOrder() {
        OrderEvent e = event(OrderStatus.UNKNOWN, "submit timed out");
        var alert = AlertRules.fromOrderEvent(e, "abc").orElseThrow();
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.fingerprint()).isEqualTo("order-unknown:" + e.orderId());
        assertThat(alert.traceId()).isEqualTo("abc");
    }

    @Test
    void killSwitchRejectsAreCriticalOtherRiskRejectsInfo() {
        assertThat(AlertRules.fromOrderEvent(event(OrderStatus.RISK_REJECTED, "kill switch engaged: ops"), null)
                .orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(AlertRules.fromOrderEvent(event(OrderStatus.RISK_REJECTED, "position limit: x"), null)
                .orElseThrow().severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void progressIsNotAnAlert() {
        assertThat(AlertRules.fromOrderEvent(event(OrderStatus.FILLED, null), null)).isEmpty();
        assertThat(AlertRules.fromOrderEvent(event(OrderStatus.SUBMITTED, null), null)).isEmpty();
    }

    private static OrderEvent event(OrderStatus status, String reason) {
        Instant now = Instant.now();
        return new OrderEvent(1, UUID.randomUUID(), now, now, UUID.randomUUID(), 2, status, OrderStatus.NEW,
                "BTCUSD", Side.SELL, new BigDecimal("0.01"), "s", null, null, reason);
    }
}
