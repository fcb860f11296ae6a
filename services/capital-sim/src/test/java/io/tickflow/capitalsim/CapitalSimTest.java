package io.tickflow.capitalsim;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class CapitalSimTest {

    @Test
    void logsInAndPlacesAnOrderOverHttp() {
        Response login = given().header("X-CAP-API-KEY", "sim-api-key").contentType(ContentType.JSON)
                .body("{\"identifier\":\"sim@tickflow.local\",\"password\":\"sim-password\",\"encryptedPassword\":false}")
                .post("/api/v1/session");
        login.then().statusCode(200).body("streamingHost", startsWith("ws://"));
        String cst = login.header("CST");
        String securityToken = login.header("X-SECURITY-TOKEN");

        String dealReference = given().header("CST", cst).header("X-SECURITY-TOKEN", securityToken)
                .contentType(ContentType.JSON)
                .body("{\"epic\":\"BTCUSD\",\"direction\":\"BUY\",\"size\":0.01}")
                .post("/api/v1/positions")
                .then().statusCode(200).extract().path("dealReference");
        assertThat(dealReference).startsWith("o_");

        given().header("CST", cst).header("X-SECURITY-TOKEN", securityToken)
                .get("/api/v1/confirms/" + dealReference)
                .then().statusCode(200)
                .body("dealStatus", equalTo("ACCEPTED"))
                .body("affectedDeals[0].status", equalTo("OPENED"));

        given().get("/sim/orders").then().statusCode(200).body("orders.dealReference", hasItem(dealReference));
    }

    @Test
    void healthAndMetricsAreServedNextToTheSimulator() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
    }
}
