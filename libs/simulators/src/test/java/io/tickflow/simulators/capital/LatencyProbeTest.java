package io.tickflow.simulators.capital;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LatencyProbeTest {

    @Test
    void theKthOrderIsMatchedWithTheKTimesNthStreamedQuote() {
        CapitalComSimulatorConfig config = CapitalComSimulatorConfig.builder().quotesPerSecond(0).probeEveryN(3)
                .maxRequestsPerSecondPerSession(0).build();
        try (CapitalComSimulator simulator = CapitalComSimulator.start(config); SimulatorHttp http = new SimulatorHttp(simulator)) {
            SimulatorHttp.Tokens tokens = http.loginTokens();
            StreamingProbe stream = new StreamingProbe(http.vertx(), simulator);
            String subscription = stream.subscribe(tokens, "BTCUSD");
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.answerTo(subscription) != null);

            // Quotes 1..6 streamed: probe points are quotes 3 and 6; two orders answer them.
            simulator.emitQuotes("BTCUSD", 6);
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.framesFor("quote").size() == 6);
            http.openPosition(tokens, "BTCUSD", "BUY", "0.0100");
            http.openPosition(tokens, "BTCUSD", "BUY", "0.0100");
            // A third order has no 9th quote to answer.
            http.openPosition(tokens, "BTCUSD", "BUY", "0.0100");

            LatencySummary latency = simulator.latency();
            assertThat(latency.count()).isEqualTo(2);
            assertThat(latency.unmatchedOrders()).isEqualTo(1);
            assertThat(latency.p50Millis()).isPositive();
            assertThat(latency.maxMillis()).isGreaterThanOrEqualTo(latency.p99Millis()).isLessThan(5_000);
            JsonObject viaHttp = http.get("/sim/latency").bodyAsJsonObject();
            assertThat(viaHttp.getLong("count")).isEqualTo(2);
            assertThat(viaHttp.getInteger("probeEveryN")).isEqualTo(3);

            simulator.resetLatency();
            assertThat(simulator.latency().count()).isZero();
            stream.close();
        }
    }

    @Test
    void aFixedRateIsHeldOnAverage() {
        CapitalComSimulatorConfig config = CapitalComSimulatorConfig.builder().quotesPerSecond(0)
                .quotesPerSecond("BTCUSD", 1000).build();
        try (CapitalComSimulator simulator = CapitalComSimulator.start(config)) {
            long startNanos = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> simulator.stats().quotesGenerated().get("BTCUSD") >= 2000);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long generated = simulator.stats().quotesGenerated().get("BTCUSD");

            // ~1000/s: generous bounds, a loaded CI machine stretches timers but never speeds them up.
            assertThat(generated / seconds).isBetween(700.0, 1300.0);
        }
    }
}
