package io.tickflow.simulators.capital;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MarketHoursTest {

    private CapitalComSimulator simulator;
    private SimulatorHttp http;

    private void startAt(ManualClock clock) {
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(clock).quotesPerSecond(50)
                .maxRequestsPerSecondPerSession(0).build());
        http = new SimulatorHttp(simulator);
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void oilIsClosedOnSaturdayRejectsOrdersAndStreamsNothingWhileBitcoinTrades() {
        ManualClock saturday = new ManualClock(Instant.parse("2026-03-07T12:00:00Z"));
        startAt(saturday);
        SimulatorHttp.Tokens tokens = http.loginTokens();
        StreamingProbe stream = new StreamingProbe(http.vertx(), simulator);
        stream.subscribe(tokens, "OIL_CRUDE", "BTCUSD");

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.framesFor("quote").size() >= 20);
        assertThat(stream.framesFor("quote")).allSatisfy(quote ->
                assertThat(quote.getJsonObject("payload").getString("epic")).isEqualTo("BTCUSD"));
        assertThat(simulator.stats().quotesGenerated().get("OIL_CRUDE")).isZero();

        JsonObject snapshot = http.get("/api/v1/markets/OIL_CRUDE", tokens).bodyAsJsonObject().getJsonObject("snapshot");
        assertThat(snapshot.getString("marketStatus")).isEqualTo("CLOSED");
        assertThat(snapshot.getValue("bid")).as("the last price before the close is still shown").isNotNull();

        String reference = http.openPosition(tokens, "OIL_CRUDE", "BUY", "1").bodyAsJsonObject().getString("dealReference");
        JsonObject confirm = http.get("/api/v1/confirms/" + reference, tokens).bodyAsJsonObject();
        assertThat(confirm.getString("dealStatus")).isEqualTo("REJECTED");
        assertThat(confirm.getString("reason")).isEqualTo("MARKET_CLOSED");
        stream.close();
    }

    @Test
    void oilFollowsItsDailyBreakAndWeekendSchedule() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-04T21:59:59Z"));
        startAt(clock);

        assertThat(simulator.marketStatus("OIL_CRUDE")).isEqualTo(MarketStatus.TRADEABLE);
        clock.set(Instant.parse("2026-03-04T22:00:00Z"));
        assertThat(simulator.marketStatus("OIL_CRUDE")).isEqualTo(MarketStatus.CLOSED);
        clock.set(Instant.parse("2026-03-04T23:00:00Z"));
        assertThat(simulator.marketStatus("OIL_CRUDE")).isEqualTo(MarketStatus.TRADEABLE);
        clock.set(Instant.parse("2026-03-06T22:00:00Z"));
        assertThat(simulator.marketStatus("OIL_CRUDE")).as("Friday evening").isEqualTo(MarketStatus.CLOSED);
        clock.set(Instant.parse("2026-03-08T22:59:59Z"));
        assertThat(simulator.marketStatus("OIL_CRUDE")).as("Sunday before the open").isEqualTo(MarketStatus.CLOSED);
        clock.set(Instant.parse("2026-03-08T23:00:00Z"));
        assertThat(simulator.marketStatus("OIL_CRUDE")).as("Sunday open").isEqualTo(MarketStatus.TRADEABLE);
        assertThat(simulator.marketStatus("BTCUSD")).isEqualTo(MarketStatus.TRADEABLE);
    }
}
