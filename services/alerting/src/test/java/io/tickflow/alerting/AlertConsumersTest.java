package io.tickflow.alerting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tickflow.events.Alert;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Severity;
import io.tickflow.events.SourceEvent;
import io.tickflow.events.SourceEventKind;
import io.tickflow.events.Side;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class AlertConsumersTest {

    @InjectTestContext
    TestContext ctx;

    @Test
    void aBurstOfRejectsRaisesOneAlertThatCanBeAcknowledgedAndResolved() throws Exception {
        KafkaTestClient kafka = ctx.kafka();
        // the burst rule: the third reject within 5 minutes opens the alert, the fourth only counts
        for (int i = 0; i < 4; i++) {
            kafka.send(Topic.ORDER_EVENTS, rejected("MARKET_CLOSED: OIL_CRUDE is outside its trading hours"));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> occurrences("order-rejected:OIL_CRUDE") == 2);
        // the class's other tests publish alerts on the same topic: look at this problem's only
        List<Alert> alerts = kafka.awaitEvents(Topic.ALERTS, Alert.class, Duration.ofSeconds(30),
                        l -> l.stream().anyMatch(a -> a.fingerprint().startsWith("order-rejected:"))).stream()
                .filter(a -> a.fingerprint().equals("order-rejected:OIL_CRUDE")).toList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(alerts.get(0).runbookUrl()).isEqualTo("docs/runbooks.md#order-rejected");

        String alertId = given().when().get("/api/alerts?status=OPEN").then().statusCode(200)
                .extract().path("find { it.fingerprint == 'order-rejected:OIL_CRUDE' }.alertId");
        given().post("/api/alerts/" + alertId + "/acknowledge?by=ops").then().statusCode(204);
        given().post("/api/alerts/" + alertId + "/resolve").then().statusCode(204);
        given().post("/api/alerts/" + alertId + "/resolve").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/alerts?status=BOGUS").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void malformedOrderEventIsDeadLetteredAndTheDeadLetterRaisesAnAlert() throws Exception {
        KafkaTestClient kafka = ctx.kafka();
        kafka.sendRaw(ctx.topic(Topic.ORDER_EVENTS), "k", "{\"schemaVersion\":9}", Map.of());
        kafka.send(Topic.ORDER_EVENTS, riskRejected("position limit: OIL_CRUDE could reach 110, limit 100"));

        kafka.awaitDeadLetters(Topic.ORDER_EVENTS, Duration.ofSeconds(30), 1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> occurrences("dead-letter:" + ctx.topic(Topic.ORDER_EVENTS)) == 1);
        // the consumer went on after the bad record
        await().atMost(Duration.ofSeconds(30)).until(() -> occurrences("order-risk-rejected:OIL_CRUDE:position limit") == 1);
    }

    @Test
    void aSourceOutageIsOneAlertUntilTheFeedSwitchesBackAndThenItIsResolved() throws Exception {
        KafkaTestClient kafka = ctx.kafka();
        Instant t = Instant.now();
        // one outage as market-data reports it: the primary goes stale, the feed fails over, ... and back
        kafka.send(Topic.SOURCE_EVENTS, SourceEvent.of(t, "BTCUSD", "capital", SourceEventKind.SOURCE_STALE, null,
                null, null, null, "no tick for 1s"));
        kafka.send(Topic.SOURCE_EVENTS, SourceEvent.of(t, "BTCUSD", "polygon", SourceEventKind.FAILOVER, "capital",
                "polygon", null, null, "capital stale"));
        kafka.send(Topic.SOURCE_EVENTS, SourceEvent.of(t, "BTCUSD", "polygon", SourceEventKind.FAILOVER, "capital",
                "polygon", null, null, "capital stale")); // redelivered
        await().atMost(Duration.ofSeconds(30)).until(() -> occurrences("market-data-failover:BTCUSD") == 2);
        assertThat(openCount("market-data%")).isEqualTo(1);

        kafka.send(Topic.SOURCE_EVENTS, SourceEvent.of(t.plusSeconds(30), "BTCUSD", "capital",
                SourceEventKind.SWITCH_BACK, "polygon", "capital", null, null, "capital healthy for 10s"));
        await().atMost(Duration.ofSeconds(30)).until(() -> openCount("market-data%") == 0);
        assertThat(openCount("market-data-failover:BTCUSD")).isZero();
    }

    private long openCount(String fingerprintPattern) throws Exception {
        try (Connection c = ctx.database().connect();
                var st = c.prepareStatement("SELECT count(*) FROM alerting.alerts WHERE fingerprint LIKE ?"
                        + " AND status <> 'RESOLVED'")) {
            st.setString(1, fingerprintPattern);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long occurrences(String fingerprint) throws Exception {
        try (Connection c = ctx.database().connect();
                var st = c.prepareStatement("SELECT occurrences FROM alerting.alerts WHERE fingerprint = ?")) {
            st.setString(1, fingerprint);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            return -1; // schema not migrated yet
        }
    }

    private static OrderEvent riskRejected(String reason) {
        Instant now = Instant.now();
        return new OrderEvent(OrderEvent.SCHEMA_VERSION, UUID.randomUUID(), now, now, UUID.randomUUID(), 2,
                OrderStatus.RISK_REJECTED, OrderStatus.NEW, "OIL_CRUDE", Side.BUY, BigDecimal.ONE, "test", null,
                null, reason);
    }

    private static OrderEvent rejected(String reason) {
        Instant now = Instant.now();
        return new OrderEvent(OrderEvent.SCHEMA_VERSION, UUID.randomUUID(), now, now, UUID.randomUUID(), 5,
                OrderStatus.REJECTED, OrderStatus.SUBMITTED, "OIL_CRUDE", Side.BUY, BigDecimal.ONE, "test", "o_1",
                null, reason);
    }
}
