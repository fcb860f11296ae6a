package io.tickflow.alerting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tickflow.events.Alert;
import io.tickflow.events.Severity;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alertmanager's webhook: a firing alert is recorded and published once, its resolved notice resolves it. */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class AlertmanagerWebhookTest {

    @InjectTestContext
    TestContext ctx;

    private static String payload(String status) {
        return """
                {"version":"4","status":"%1$s","receiver":"tickflow-critical","groupLabels":{},"commonLabels":{},
                 "alerts":[{"status":"%1$s","fingerprint":"3f2a9c","startsAt":"2026-11-25T10:00:00Z",
                   "endsAt":"0001-01-01T00:00:00Z",
                   "labels":{"alertname":"MarketDataStale","severity":"critical","instrument":"BTCUSD",
                             "service":"market-data"},
                   "annotations":{"summary":"BTCUSD feed stale for 1m",
                                  "runbook_url":"docs/runbooks.md#marketdatastale"}}]}""".formatted(status);
    }

    @Test
    void firingThenRepeatedThenResolved() {
        given().contentType(ContentType.JSON).body(payload("firing")).post("/api/alertmanager/webhook")
                .then().statusCode(204);
        given().contentType(ContentType.JSON).body(payload("firing")).post("/api/alertmanager/webhook")
                .then().statusCode(204);

        List<Alert> published = ctx.kafka().awaitEvents(Topic.ALERTS, Alert.class, Duration.ofSeconds(30),
                l -> !l.isEmpty());
        assertThat(published).hasSize(1);
        assertThat(published.get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(published.get(0).ruleId()).isEqualTo("MarketDataStale");
        assertThat(published.get(0).runbookUrl()).isEqualTo("docs/runbooks.md#marketdatastale");
        given().get("/api/alerts?status=OPEN").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.fingerprint == 'prometheus:3f2a9c' }.occurrences",
                        Integer.class).forEach(n -> assertThat(n).isEqualTo(2));

        given().contentType(ContentType.JSON).body(payload("resolved")).post("/api/alertmanager/webhook")
                .then().statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/alerts?status=RESOLVED").then()
                .extract().jsonPath().getList("fingerprint", String.class).contains("prometheus:3f2a9c"));
        given().contentType(ContentType.JSON).body("{\"version\":\"4\"}").post("/api/alertmanager/webhook")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
