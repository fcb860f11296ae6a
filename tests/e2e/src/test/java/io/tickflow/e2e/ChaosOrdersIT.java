package io.tickflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The fault-injection run at a size CI affords: every intent ends in one known outcome although a quarter of the
 * order requests are hit by faults and execution is killed with -9 half way.
 */
class ChaosOrdersIT {

    @Test
    void noOrderIsDuplicatedOrLostUnderFaultsAndACrash() throws Exception {
        ChaosOrdersRun.Result r = ChaosOrdersRun.run(300, 30, 0.25, 11);
        System.out.printf("intents=%d sent_to_broker=%d filled=%d rejected=%d risk_rejected=%d%n", r.intents(),
                r.sentToBroker(), r.filled(), r.rejected(), r.riskRejected());
        System.out.println(r.summary());
        assertThat(r.orders()).isEqualTo(300);
        assertThat(r.faults()).as("faults injected").isPositive();
        assertThat(r.sentToBroker()).as("orders that reached the broker").isPositive();
        assertThat(r.duplicates()).isZero();
        assertThat(r.lost()).isZero();
        assertThat(r.unresolved()).isZero();
    }
}
