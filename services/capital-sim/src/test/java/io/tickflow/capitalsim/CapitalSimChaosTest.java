package io.tickflow.capitalsim;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/** The chaos mode and the order summary through Quarkus: defaults from application.properties, switchable over HTTP. */
@QuarkusTest
class CapitalSimChaosTest {

    @Inject
    CapitalSimulatorHost host;

    @Test
    void defaultsLeaveChaosOffAndKeepFiftyThousandOrders() {
        CapitalComSimulatorConfig config = host.simulator().config();
        assertThat(config.orderLogCapacity()).isEqualTo(50_000);
        assertThat(config.chaosRate()).isZero();
        assertThat(config.chaosSeed()).isEqualTo(1L);
        given().get("/sim/faults/chaos").then().statusCode(200).body("enabled", equalTo(false));
    }

    @Test
    void chaosIsSwitchedOnAndOffOverHttp() {
        try {
            given().contentType(ContentType.JSON).body("{\"rate\":0.25,\"seed\":7}").put("/sim/faults/chaos")
                    .then().statusCode(200).body("enabled", equalTo(true)).body("seed", equalTo(7));
        } finally {
            given().delete("/sim/faults/chaos").then().statusCode(200).body("enabled", equalTo(false));
        }
        given().contentType(ContentType.JSON).body("{\"rate\":2}").put("/sim/faults/chaos").then().statusCode(400);
    }

    @Test
    void anArmedFaultShowsInTheOrderLogAndTheSummary() {
        Response login = given().header("X-CAP-API-KEY", "sim-api-key").contentType(ContentType.JSON)
                .body("{\"identifier\":\"sim@tickflow.local\",\"password\":\"sim-password\"}")
                .post("/api/v1/session");
        assertThat(login.statusCode()).isEqualTo(200);
        given().contentType(ContentType.JSON).body("{\"fault\":\"RATE_LIMITED\"}").post("/sim/faults/next-orders")
                .then().statusCode(200);

        given().header("CST", login.header("CST")).header("X-SECURITY-TOKEN", login.header("X-SECURITY-TOKEN"))
                .contentType(ContentType.JSON).body("{\"epic\":\"BTCUSD\",\"direction\":\"BUY\",\"size\":0.01}")
                .post("/api/v1/positions")
                .then().statusCode(429).body("errorCode", equalTo("error.too-many.requests"));

        given().get("/sim/orders/summary").then().statusCode(200)
                .body("received", greaterThanOrEqualTo(1))
                .body("faulted.RATE_LIMITED", greaterThanOrEqualTo(1));
        assertThat(host.simulator().orders().getLast().fault()).hasToString("RATE_LIMITED");
        assertThat(host.simulator().orders().getLast().executed()).isFalse();
    }
}
