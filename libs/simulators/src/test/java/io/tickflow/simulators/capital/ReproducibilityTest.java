package io.tickflow.simulators.capital;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReproducibilityTest {

    private static final Instant START = Instant.parse("2026-03-04T10:15:30Z");

    @Test
    void theSameSeedReplaysTheSameMarket() {
        Run first = run(7L);
        Run second = run(7L);

        assertThat(second.history()).isEqualTo(first.history());
        assertThat(second.quotes()).isEqualTo(first.quotes());
        assertThat(second.dealReference()).isEqualTo(first.dealReference());
    }

    @Test
    void anotherSeedGivesAnotherMarket() {
        assertThat(run(8L).quotes()).isNotEqualTo(run(7L).quotes());
    }

    private record Run(String history, List<SimulatedQuote> quotes, String dealReference) {
    }

    private static Run run(long seed) {
        CapitalComSimulatorConfig config = CapitalComSimulatorConfig.builder().seed(seed).clock(new ManualClock(START))
                .quotesPerSecond(0).build();
        try (CapitalComSimulator simulator = CapitalComSimulator.start(config); SimulatorHttp http = new SimulatorHttp(simulator)) {
            SimulatorHttp.Tokens tokens = http.loginTokens();
            String history = http.get("/api/v1/prices/BTCUSD?resolution=MINUTE&max=1000", tokens).bodyAsString();
            List<SimulatedQuote> quotes = simulator.emitQuotes("BTCUSD", 200);
            String dealReference = http.openPosition(tokens, "BTCUSD", "BUY", "0.0100").bodyAsJsonObject().getString("dealReference");
            return new Run(history, quotes, dealReference);
        }
    }
}
