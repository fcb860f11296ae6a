package io.tickflow.capitalsim;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The Polygon and Alpha Vantage simulators capital-sim hosts: each on its own port, speaking its vendor's protocol, and
 * their admin endpoints really stop and restart the data (what {@code make run}'s failover recipe relies on).
 */
@QuarkusTest
class MarketSourceSimulatorsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    PolygonSimulatorHost polygon;

    @Inject
    AlphaVantageSimulatorHost alphaVantage;

    @Inject
    Vertx vertx;

    @Test
    void polygonStreamsQuotesUntilItsPairIsStoppedAndAgainWhenStarted() throws Exception {
        String admin = "http://127.0.0.1:" + polygon.port();
        List<String> frames = new CopyOnWriteArrayList<>();
        AtomicLong lastQuoteNanos = new AtomicLong();
        WebSocket socket = vertx.createWebSocketClient().connect(polygon.port(), "127.0.0.1", "/crypto")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        socket.textMessageHandler(frame -> {
            frames.add(frame);
            if (frame.contains("\"ev\":\"XQ\"")) {
                lastQuoteNanos.set(System.nanoTime());
            }
        });
        socket.writeTextMessage(new JsonObject().put("action", "auth").put("params", "sim-polygon-key").encode());
        await().atMost(WAIT).until(() -> frames.stream().anyMatch(f -> f.contains("auth_success")));
        socket.writeTextMessage(new JsonObject().put("action", "subscribe").put("params", "XQ.BTC-USD").encode());
        await().atMost(WAIT).until(() -> lastQuoteNanos.get() != 0);

        given().post(admin + "/sim/streaming/BTCUSD/stop").then().statusCode(200);
        await().atMost(WAIT).until(() -> System.nanoTime() - lastQuoteNanos.get() > TimeUnit.SECONDS.toNanos(1));
        assertThat(given().get(admin + "/sim/stats").then().statusCode(200).extract().<List<String>>path(
                "silencedPairs")).containsExactly("BTC-USD");
        assertThat(socket.isClosed()).as("a quiet feed, not a dropped one").isFalse();

        long stoppedAt = lastQuoteNanos.get();
        given().post(admin + "/sim/streaming/BTC-USD/start").then().statusCode(200);
        await().atMost(WAIT).until(() -> lastQuoteNanos.get() > stoppedAt);

        given().post(admin + "/sim/streaming/NOPE-USD/stop").then().statusCode(404);
        socket.close();
    }

    @Test
    void alphaVantageAnswersWithDataUntilStoppedThenWithAThrottleNotice() {
        String base = "http://127.0.0.1:" + alphaVantage.port();
        String query = base + "/query?function=CRYPTO_INTRADAY&symbol=BTC&market=USD&interval=1min&apikey="
                + "sim-alphavantage-key";

        assertThat(given().get(query).then().statusCode(200).extract().asString())
                .contains("Time Series Crypto (1min)");

        given().post(base + "/sim/streaming/stop").then().statusCode(200);
        String throttled = given().get(query).then().statusCode(200).extract().asString();
        assertThat(throttled).contains("Information").doesNotContain("Time Series Crypto");

        given().post(base + "/sim/streaming/start").then().statusCode(200);
        assertThat(given().get(query).then().statusCode(200).extract().asString())
                .contains("Time Series Crypto (1min)");
        assertThat(given().get(base + "/sim/stats").then().extract().<Integer>path("requestsThrottled"))
                .isGreaterThanOrEqualTo(1);
    }
}
