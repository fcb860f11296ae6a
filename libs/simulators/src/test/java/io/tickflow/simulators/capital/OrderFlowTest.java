package io.tickflow.simulators.capital;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OrderFlowTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T10:15:30Z"));
    private CapitalComSimulator simulator;
    private SimulatorHttp http;
    private SimulatorHttp.Tokens tokens;

    @BeforeEach
    void start() {
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(clock).quotesPerSecond(0)
                .maxRequestsPerSecondPerSession(0).build());
        http = new SimulatorHttp(simulator);
        tokens = http.loginTokens();
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void openConfirmListAndCloseAPosition() {
        SimulatedQuote quote = simulator.emitQuotes("BTCUSD", 1).getFirst();

        HttpResponse<Buffer> opened = http.openPosition(tokens, "BTCUSD", "BUY", "0.0100");
        assertThat(opened.statusCode()).isEqualTo(200);
        String dealReference = opened.bodyAsJsonObject().getString("dealReference");
        assertThat(dealReference).matches("o_[0-9a-f-]{36}");

        JsonObject confirm = http.get("/api/v1/confirms/" + dealReference, tokens).bodyAsJsonObject();
        assertThat(confirm.getString("dealStatus")).isEqualTo("ACCEPTED");
        assertThat(confirm.getString("reason")).isEqualTo("SUCCESS");
        assertThat(confirm.getString("status")).isEqualTo("OPEN");
        assertThat(confirm.getString("epic")).isEqualTo("BTCUSD");
        assertThat(confirm.getString("direction")).isEqualTo("BUY");
        assertThat(new BigDecimal(confirm.getValue("level").toString())).isEqualByComparingTo(quote.ofr());
        JsonObject affected = confirm.getJsonArray("affectedDeals").getJsonObject(0);
        assertThat(affected.getString("status")).isEqualTo("OPENED");
        String dealId = affected.getString("dealId");
        assertThat(dealId).isNotEqualTo(confirm.getString("dealId"));

        JsonArray positions = http.get("/api/v1/positions", tokens).bodyAsJsonObject().getJsonArray("positions");
        assertThat(positions).hasSize(1);
        JsonObject position = positions.getJsonObject(0).getJsonObject("position");
        assertThat(position.getString("dealId")).isEqualTo(dealId);
        assertThat(position.getString("dealReference")).isEqualTo("p_" + dealId);
        assertThat(position.getString("createdDateUTC")).isEqualTo("2026-03-04T10:15:30.000");
        assertThat(positions.getJsonObject(0).getJsonObject("market").getString("epic")).isEqualTo("BTCUSD");
        assertThat(http.get("/api/v1/positions/" + dealId, tokens).statusCode()).isEqualTo(200);

        SimulatedQuote closingQuote = simulator.emitQuotes("BTCUSD", 1).getFirst();
        HttpResponse<Buffer> closed = http.delete("/api/v1/positions/" + dealId, tokens);
        assertThat(closed.bodyAsJsonObject().getString("dealReference")).isEqualTo("p_" + dealId);
        JsonObject closeConfirm = http.get("/api/v1/confirms/p_" + dealId, tokens).bodyAsJsonObject();
        assertThat(closeConfirm.getString("status")).isEqualTo("CLOSED");
        assertThat(new BigDecimal(closeConfirm.getValue("level").toString())).isEqualByComparingTo(closingQuote.bid());
        assertThat(closeConfirm.getJsonArray("affectedDeals").getJsonObject(0).getString("status")).isEqualTo("FULLY_CLOSED");
        assertThat(http.get("/api/v1/positions", tokens).bodyAsJsonObject().getJsonArray("positions")).isEmpty();
        assertThat(http.delete("/api/v1/positions/" + dealId, tokens).bodyAsJsonObject().getString("errorCode"))
                .isEqualTo("error.not-found.dealId");
    }

    @Test
    void sellsFillAtTheBid() {
        SimulatedQuote quote = simulator.emitQuotes("OIL_CRUDE", 1).getFirst();

        String dealReference = http.openPosition(tokens, "OIL_CRUDE", "SELL", "2").bodyAsJsonObject().getString("dealReference");

        JsonObject confirm = http.get("/api/v1/confirms/" + dealReference, tokens).bodyAsJsonObject();
        assertThat(new BigDecimal(confirm.getValue("level").toString())).isEqualByComparingTo(quote.bid());
    }

    @Test
    void sizeRulesRejectInTheConfirmationNotOverHttp() {
        String tooSmall = http.openPosition(tokens, "BTCUSD", "BUY", "0.00001").bodyAsJsonObject().getString("dealReference");
        String offGrid = http.openPosition(tokens, "OIL_CRUDE", "BUY", "1.5").bodyAsJsonObject().getString("dealReference");

        JsonObject tooSmallConfirm = http.get("/api/v1/confirms/" + tooSmall, tokens).bodyAsJsonObject();
        assertThat(tooSmallConfirm.getString("dealStatus")).isEqualTo("REJECTED");
        assertThat(tooSmallConfirm.getString("reason")).isEqualTo("MINIMUM_ORDER_SIZE_ERROR");
        assertThat(tooSmallConfirm.getJsonArray("affectedDeals")).isEmpty();
        assertThat(http.get("/api/v1/confirms/" + offGrid, tokens).bodyAsJsonObject().getString("reason"))
                .isEqualTo("SIZE_INCREMENT");
        assertThat(http.get("/api/v1/positions", tokens).bodyAsJsonObject().getJsonArray("positions")).isEmpty();
    }

    @Test
    void stopLevelsOutsideTheAllowedBandAreA400CarryingTheLimit() {
        HttpResponse<Buffer> response = http.post("/api/v1/positions", tokens, new JsonObject().put("epic", "OIL_CRUDE")
                .put("direction", "BUY").put("size", 1).put("stopLevel", 1));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("errorCode")).startsWith("error.invalid.stoploss.minvalue: ");
        assertThat(simulator.orders()).singleElement().satisfies(order -> assertThat(order.outcome()).isEqualTo("ERROR"));
    }

    @Test
    void activityRecordsPositionsWithTheirReference() {
        String dealReference = http.openPosition(tokens, "BTCUSD", "BUY", "0.0100").bodyAsJsonObject().getString("dealReference");
        String dealId = http.get("/api/v1/confirms/" + dealReference, tokens).bodyAsJsonObject()
                .getJsonArray("affectedDeals").getJsonObject(0).getString("dealId");

        JsonArray detailed = http.get("/api/v1/history/activity?detailed=true&filter=epic==BTCUSD;type==POSITION", tokens)
                .bodyAsJsonObject().getJsonArray("activities");
        assertThat(detailed).hasSize(1);
        JsonObject activity = detailed.getJsonObject(0);
        assertThat(activity.getString("dealId")).isEqualTo(dealId);
        assertThat(activity.getString("status")).isEqualTo("ACCEPTED");
        assertThat(activity.getString("source")).isEqualTo("USER");
        assertThat(activity.getString("dateUTC")).isEqualTo("2026-03-04T10:15:30.000");
        assertThat(activity.getJsonObject("details").getString("dealReference")).isEqualTo("p_" + dealId);

        JsonArray plain = http.get("/api/v1/history/activity", tokens).bodyAsJsonObject().getJsonArray("activities");
        assertThat(plain.getJsonObject(0).containsKey("details")).isFalse();
        assertThat(http.get("/api/v1/history/activity?from=2026-03-04T10:16:00&to=2026-03-04T10:20:00", tokens)
                .bodyAsJsonObject().getJsonArray("activities")).isEmpty();
        assertThat(http.get("/api/v1/history/activity?filter=epic==OIL_CRUDE", tokens)
                .bodyAsJsonObject().getJsonArray("activities")).isEmpty();
        assertThat(http.get("/api/v1/history/activity?from=2026-03-04", tokens).bodyAsJsonObject().getString("errorCode"))
                .isEqualTo("error.invalid.from");
    }

    @Test
    void workingOrdersAreListedEmptyAndCanBeCreatedAndCancelled() {
        assertThat(http.get("/api/v1/workingorders", tokens).bodyAsJsonObject().getJsonArray("workingOrders")).isEmpty();

        BigDecimal level = simulator.lastQuote("BTCUSD").bid().subtract(new BigDecimal("1000"));
        String reference = http.post("/api/v1/workingorders", tokens, new JsonObject().put("epic", "BTCUSD")
                .put("direction", "BUY").put("size", 0.01).put("level", level).put("type", "LIMIT"))
                .bodyAsJsonObject().getString("dealReference");
        String dealId = http.get("/api/v1/confirms/" + reference, tokens).bodyAsJsonObject()
                .getJsonArray("affectedDeals").getJsonObject(0).getString("dealId");

        JsonArray orders = http.get("/api/v1/workingorders", tokens).bodyAsJsonObject().getJsonArray("workingOrders");
        assertThat(orders.getJsonObject(0).getJsonObject("workingOrderData").getString("timeInForce"))
                .isEqualTo("GOOD_TILL_CANCELLED");
        assertThat(http.delete("/api/v1/workingorders/" + dealId, tokens).statusCode()).isEqualTo(200);
        assertThat(http.get("/api/v1/workingorders", tokens).bodyAsJsonObject().getJsonArray("workingOrders")).isEmpty();
    }

    @Test
    void theOrderLogSeesEveryPost() {
        http.openPosition(tokens, "BTCUSD", "BUY", "0.0100");
        http.openPosition(tokens, "NOPE", "BUY", "1");

        assertThat(simulator.orders()).extracting(ReceivedOrder::outcome).containsExactly("ACCEPTED", "ERROR");
        assertThat(simulator.orders().get(1).detail()).isEqualTo("error.not-found.epic");
        JsonArray viaHttp = http.get("/sim/orders").bodyAsJsonObject().getJsonArray("orders");
        assertThat(viaHttp).hasSize(2);
        assertThat(viaHttp.getJsonObject(0).getString("receivedAt")).isEqualTo("2026-03-04T10:15:30Z");
        assertThat(http.get("/sim/stats").bodyAsJsonObject().getLong("ordersReceived")).isEqualTo(2);
    }
}
