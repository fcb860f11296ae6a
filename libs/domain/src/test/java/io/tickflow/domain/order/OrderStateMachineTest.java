package io.tickflow.domain.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.events.OrderStatus;
import org.junit.jupiter.api.Test;

class OrderStateMachineTest {

    @Test
    void happyPathIsAllowed() {
        OrderStatus s = OrderStatus.NEW;
        for (OrderStatus next : new OrderStatus[] {OrderStatus.RISK_ACCEPTED, OrderStatus.SUBMITTING,
                OrderStatus.SUBMITTED, OrderStatus.FILLED}) {
            s = OrderStateMachine.transition(s, next);
        }
        assertThat(s).isEqualTo(OrderStatus.FILLED);
    }

    @Test
    void ambiguousSubmitGoesThroughUnknownAndNeverBackToSubmitting() {
        assertThat(OrderStateMachine.canTransition(OrderStatus.SUBMITTING, OrderStatus.UNKNOWN)).isTrue();
        assertThat(OrderStateMachine.canTransition(OrderStatus.UNKNOWN, OrderStatus.FILLED)).isTrue();
        // resending is what duplicates positions: no state leads back to SUBMITTING
        for (OrderStatus s : OrderStatus.values()) {
            if (s != OrderStatus.RISK_ACCEPTED) {
                assertThat(OrderStateMachine.canTransition(s, OrderStatus.SUBMITTING)).as("%s -> SUBMITTING", s)
                        .isFalse();
            }
        }
    }

    @Test
    void terminalStatesHaveNoWayOut() {
        for (OrderStatus s : OrderStatus.values()) {
            if (s.terminal()) {
                assertThat(OrderStateMachine.allowedFrom(s)).as("from %s", s).isEmpty();
            } else {
                assertThat(OrderStateMachine.allowedFrom(s)).as("from %s", s).isNotEmpty();
            }
        }
    }

    @Test
    void illegalTransitionIsAnError() {
        assertThatThrownBy(() -> OrderStateMachine.transition(OrderStatus.NEW, OrderStatus.FILLED))
                .isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessage("order cannot go from NEW to FILLED");
    }
}
