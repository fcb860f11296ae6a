package io.tickflow.simulators.capital;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FaultInjectionTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T10:15:30Z"));
    private CapitalComSimulator simulator;
    private SimulatorHttp http;
    private SimulatorHttp.Tokens tokens;

    @BeforeEach
    void start() {
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(clock).quotesPerSecond(0)
                .maxRequestsPerSecondPerSession(0).maxLoginsPerSecondPerApiKey(0)
                .orderHangDuration(Duration.ofSeconds(5)).build());
        http = new SimulatorHttp(simulator);
        tokens = http.loginTokens();
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void confirmsAre404ForTheFirstPollsThenFound() {
        simulator.faults().failConfirmPolls(2);
        String reference = http.openPosition(tokens, "BTCUSD", "BUY", "0.0100").bodyAsJsonObject().getString("dealReference");

        for (int poll = 0; poll < 2; poll++) {
            HttpResponse<Buffer> missing = http.get("/api/v1/confirms/" + reference, tokens);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.not-found.dealReference");
        }
        HttpResponse<Buffer> found = http.get("/api/v1/confirms/" + reference, tokens);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.bodyAsJsonObject().getString("dealStatus")).isEqualTo("ACCEPTED");
    }

    @Test
    void aHungOrderIsFilledWhileTheClientTimesOut() {
        simulator.faults().hangNextOrders(1, true);

        Future<HttpResponse<Buffer>> pending = http.postAsync("/api/v1/positions", tokens,
                new JsonObject().put("epic", "BTCUSD").put("direction", "BUY").put("size", 0.01), 300);

        await().atMost(Duration.ofSeconds(5)).until(pending::isComplete);
        assertThat(pending.failed()).as("the client timed out").isTrue();
        assertThat(http.get("/api/v1/positions", tokens).bodyAsJsonObject().getJsonArray("positions")).hasSize(1);
        assertThat(simulator.orders()).singleElement().satisfies(order -> {
            assertThat(order.hung()).isTrue();
            assertThat(order.outcome()).isEqualTo("ACCEPTED");
            assertThat(order.dealReference()).startsWith("o_");
        });
        assertThat(http.get("/api/v1/history/activity?filter=type==POSITION", tokens).bodyAsJsonObject()
                .getJsonArray("activities")).hasSize(1);
    }

    @Test
    void aHungOrderCanAlsoBeLostWithoutExecution() {
        simulator.faults().hangNextOrders(1, false);

        Future<HttpResponse<Buffer>> pending = http.postAsync("/api/v1/positions", tokens,
                new JsonObject().put("epic", "BTCUSD").put("direction", "BUY").put("size", 0.01), 300);

        await().atMost(Duration.ofSeconds(5)).until(pending::isComplete);
        assertThat(pending.failed()).isTrue();
        assertThat(http.get("/api/v1/positions", tokens).bodyAsJsonObject().getJsonArray("positions")).isEmpty();
        assertThat(simulator.orders()).singleElement().satisfies(order -> assertThat(order.outcome()).isEqualTo("NOT_EXECUTED"));
        // The next order is answered normally again.
        assertThat(http.openPosition(tokens, "BTCUSD", "BUY", "0.0100").statusCode()).isEqualTo(200);
    }

    @Test
    void loginsCanBeRejected() {
        simulator.faults().rejectLogins(true);
        HttpResponse<Buffer> refused = http.login();
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.invalid.details");

        simulator.faults().rejectLogins(false);
        assertThat(http.login().statusCode()).isEqualTo(200);
    }

    @Test
    void aMarketCanBeForcedClosedAndReopened() {
        simulator.faults().forceMarketStatus("BTCUSD", MarketStatus.CLOSED);
        String reference = http.openPosition(tokens, "BTCUSD", "BUY", "0.0100").bodyAsJsonObject().getString("dealReference");

        assertThat(http.get("/api/v1/markets/BTCUSD", tokens).bodyAsJsonObject().getJsonObject("snapshot")
                .getString("marketStatus")).isEqualTo("CLOSED");
        assertThat(http.get("/api/v1/confirms/" + reference, tokens).bodyAsJsonObject().getString("reason"))
                .isEqualTo("MARKET_CLOSED");

        simulator.faults().forceMarketStatus("BTCUSD", null);
        assertThat(simulator.marketStatus("BTCUSD")).isEqualTo(MarketStatus.TRADEABLE);
    }

    @Test
    void sessionsCanBeExpiredAtOnce() {
        simulator.faults().expireAllSessions();

        assertThat(http.get("/api/v1/ping", tokens).bodyAsJsonObject().getString("errorCode"))
                .isEqualTo("error.invalid.session.token");
    }

    @Test
    void faultsAreReachableOverHttp() {
        assertThat(http.post("/sim/faults/confirm-not-found", null, new JsonObject().put("polls", 1)).statusCode()).isEqualTo(200);
        String reference = http.openPosition(tokens, "BTCUSD", "BUY", "0.0100").bodyAsJsonObject().getString("dealReference");
        assertThat(http.get("/api/v1/confirms/" + reference, tokens).statusCode()).isEqualTo(404);
        assertThat(http.get("/api/v1/confirms/" + reference, tokens).statusCode()).isEqualTo(200);

        assertThat(http.put("/sim/markets/OIL_CRUDE/status", null, new JsonObject().put("status", "CLOSED")).statusCode())
                .isEqualTo(200);
        assertThat(simulator.marketStatus("OIL_CRUDE")).isEqualTo(MarketStatus.CLOSED);
        assertThat(http.post("/sim/faults/reset", null, new JsonObject()).statusCode()).isEqualTo(200);
        assertThat(simulator.marketStatus("OIL_CRUDE")).isEqualTo(MarketStatus.TRADEABLE);

        assertThat(http.post("/sim/streaming/NOPE/stop", null, new JsonObject()).statusCode()).isEqualTo(400);
        JsonObject latency = http.get("/sim/latency").bodyAsJsonObject();
        assertThat(latency.getLong("count")).isZero();
    }
}
