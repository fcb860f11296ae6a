package io.tickflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@code make chaos-orders}: the full-size fault-injection run; only with {@code -Dtickflow.chaos=true}. */
@EnabledIfSystemProperty(named = "tickflow.chaos", matches = "true")
class ChaosOrdersBench {

    @Test
    void tenThousandIntentsUnderFaults() throws Exception {
        ChaosOrdersRun.Result r = ChaosOrdersRun.run(Integer.getInteger("chaos.intents", 10_000),
                Integer.getInteger("chaos.perSecond", 40), Double.parseDouble(System.getProperty("chaos.rate", "0.25")),
                Long.getLong("chaos.seed", 7));
        System.out.printf(Locale.ROOT, "intents=%d sent_to_broker=%d filled=%d rejected=%d risk_rejected=%d%n",
                r.intents(), r.sentToBroker(), r.filled(), r.rejected(), r.riskRejected());
        System.out.println(r.summary());
        assertThat(r.duplicates()).isZero();
        assertThat(r.lost()).isZero();
        assertThat(r.unresolved()).isZero();
    }
}
