package io.tickflow.capitalsim;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator's WebSocket endpoint works through Quarkus's HTTP server, not only on the standalone one. */
@QuarkusTest
class CapitalSimStreamingTest {

    @TestHTTPResource("/")
    URL root;

    @Inject
    Vertx vertx;

    @Test
    void quotesStreamThroughQuarkus() throws Exception {
        Response login = given().header("X-CAP-API-KEY", "sim-api-key").contentType(ContentType.JSON)
                .body("{\"identifier\":\"sim@tickflow.local\",\"password\":\"sim-password\"}")
                .post("/api/v1/session");
        assertThat(login.statusCode()).isEqualTo(200);

        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = vertx.createWebSocketClient().connect(root.getPort(), root.getHost(), "/connect")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        socket.textMessageHandler(frames::add);
        socket.writeTextMessage(new JsonObject().put("destination", "marketData.subscribe").put("correlationId", "1")
                .put("cst", login.header("CST")).put("securityToken", login.header("X-SECURITY-TOKEN"))
                .put("payload", new JsonObject().put("epics", new JsonArray().add("BTCUSD"))).encode());

        await().atMost(10, TimeUnit.SECONDS).until(() -> frames.stream().anyMatch(frame -> frame.contains("\"destination\":\"quote\"")));
        assertThat(frames.getFirst()).contains("\"BTCUSD\":\"PROCESSED\"");
        socket.close();
    }
}
