package io.tickflow.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tickflow.events.EventHeaders;
import io.tickflow.events.Fill;
import io.tickflow.events.KillSwitchCommand;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.OrderIntent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.OrderType;
import io.tickflow.events.Side;
import io.tickflow.events.Signal;
import io.tickflow.events.SignalDirection;
import io.tickflow.events.Topic;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectCapitalSim;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Orders against the Capital.com simulator, faults included, on a real broker and database. Runs in order because
 * the tests share one account: each leaves the BTCUSD position the next one expects.
 */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderLifecycleTest {

    @InjectTestContext
    TestContext ctx;

    @InjectCapitalSim
    CapitalComSimulator sim;

    @Test
    @Order(1)
    void aSignalBecomesOneFilledOrderWithEveryTransitionPublished() throws Exception {
        Instant now = Instant.now();
        Signal signal = new Signal(Signal.SCHEMA_VERSION, UUID.randomUUID(), now, now, "test", "BTCUSD",
                SignalDirection.LONG, new BigDecimal("90000.00"), UUID.randomUUID(), "test");
        ctx.kafka().send(Topic.SIGNALS, signal);
        ctx.kafka().send(Topic.SIGNALS, signal); // redelivered: must not trade twice

        UUID orderId = await().atMost(Duration.ofSeconds(30)).until(
                () -> (UUID) value("SELECT order_id FROM execution.orders WHERE signal_event_id = ? AND status ="
                        + " 'FILLED'", signal.eventId()), id -> id != null);

        List<OrderEvent> events = ctx.kafka().awaitEvents(Topic.ORDER_EVENTS, OrderEvent.class,
                Duration.ofSeconds(30), l -> l.stream().anyMatch(e -> e.status() == OrderStatus.FILLED));
        assertThat(events).filteredOn(e -> e.orderId().equals(orderId)).extracting(OrderEvent::status)
                .containsExactly(OrderStatus.NEW, OrderStatus.RISK_ACCEPTED, OrderStatus.SUBMITTING,
                        OrderStatus.SUBMITTED, OrderStatus.FILLED);
        assertThat(events).filteredOn(e -> e.orderId().equals(orderId)).extracting(OrderEvent::sequence)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        Fill fill = ctx.kafka().awaitEvents(Topic.FILLS, Fill.class, Duration.ofSeconds(30), l -> !l.isEmpty()).get(0);
        assertThat(fill.orderId()).isEqualTo(orderId);
        assertThat(fill.size()).isEqualByComparingTo("0.01");
        assertThat(fill.reconciliation()).isFalse();
        assertThat(sim.orders()).hasSize(1);
        given().get("/api/positions").then().statusCode(200).contentType(ContentType.JSON);
    }

    @Test
    @Order(2)
    void aSubmitThatTimesOutIsNeverResentAndIsReconciledFromTheBrokersPositions() throws Exception {
        int before = sim.orders().size();
        sim.faults().hangNextOrders(1, true); // the broker opens the position but the answer never arrives in time
        UUID orderId = sendIntent(Side.BUY, "0.01");

        await().atMost(Duration.ofSeconds(30)).until(() -> "UNKNOWN".equals(status(orderId))
                || "FILLED".equals(status(orderId)));
        await().atMost(Duration.ofSeconds(60)).until(() -> "FILLED".equals(status(orderId)));
        assertThat(sim.orders()).hasSize(before + 1);
        assertThat(value("SELECT reconciliation FROM execution.fills WHERE order_id = ?", orderId)).isEqualTo(true);
        List<OrderEvent> events = ctx.kafka().awaitEvents(Topic.ORDER_EVENTS, OrderEvent.class,
                Duration.ofSeconds(30), l -> l.stream().anyMatch(e -> e.orderId().equals(orderId)
                        && e.status() == OrderStatus.FILLED));
        assertThat(events).filteredOn(e -> e.orderId().equals(orderId)).extracting(OrderEvent::status)
                .contains(OrderStatus.UNKNOWN).doesNotHaveDuplicates();
    }

    @Test
    @Order(3)
    void aConfirmThatSaysNotFoundForAWhileIsNotARejection() throws Exception {
        int before = sim.orders().size();
        sim.faults().failConfirmPolls(3);
        UUID orderId = sendIntent(Side.SELL, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(status(orderId)));
        assertThat(sim.orders()).hasSize(before + 1);
    }

    @Test
    @Order(4)
    void theKillSwitchRefusesNewOrdersAndSurvivesInTheDatabase() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("engaged", true)).put("/api/kill-switch")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("engaged", true, "reason", "test stop", "by", "test"))
                .put("/api/kill-switch").then().statusCode(200);
        int before = sim.orders().size();
        UUID orderId = sendIntent(Side.BUY, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RISK_REJECTED".equals(status(orderId)));
        assertThat(value("SELECT reason FROM execution.orders WHERE order_id = ?", orderId))
                .isEqualTo("kill switch engaged: test stop");
        assertThat(value("SELECT engaged FROM execution.kill_switch WHERE id = ?", (short) 1)).isEqualTo(true);
        assertThat(sim.orders()).hasSize(before);
        given().contentType(ContentType.JSON).body(Map.of("engaged", false, "reason", "resume", "by", "test"))
                .put("/api/kill-switch").then().statusCode(200);
    }

    @Test
    @Order(5)
    void sizesOffTheInstrumentsGridAreRefusedBeforeLeaving() throws Exception {
        int before = sim.orders().size();
        UUID orderId = sendIntent(Side.BUY, "0.00005");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RISK_REJECTED".equals(status(orderId)));
        assertThat(sim.orders()).hasSize(before);
    }

    @Test
    @Order(6)
    void malformedSignalsAndIntentsAreDeadLetteredAndTheConsumersGoOn() throws Exception {
        ctx.kafka().sendRaw(ctx.topic(Topic.SIGNALS), "BTCUSD", "{\"schemaVersion\":1,\"direction\":\"UP\"}",
                Map.of());
        ctx.kafka().sendRaw(ctx.topic(Topic.ORDER_INTENTS), "x", "not json", Map.of());
        var signalDead = ctx.kafka().awaitDeadLetters(Topic.SIGNALS, Duration.ofSeconds(30), 1);
        var intentDead = ctx.kafka().awaitDeadLetters(Topic.ORDER_INTENTS, Duration.ofSeconds(30), 1);
        assertThat(io.tickflow.testkit.KafkaTestClient.header(signalDead.get(0), EventHeaders.DEAD_LETTER_REASON))
                .startsWith("Signal:");
        assertThat(io.tickflow.testkit.KafkaTestClient.header(intentDead.get(0), EventHeaders.DEAD_LETTER_REASON))
                .contains("malformed JSON for OrderIntent");
        UUID orderId = sendIntent(Side.SELL, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(status(orderId)));
    }

    @Test
    @Order(7)
    void theKillSwitchObeysTheControlTopicOnceAndRecordsWhoAndWhy() throws Exception {
        Instant now = Instant.now();
        KillSwitchCommand engage = KillSwitchCommand.of(UUID.randomUUID(), now, true, "broker incident", "ops-oncall");
        ctx.kafka().send(Topic.KILL_SWITCH, engage);
        ctx.kafka().send(Topic.KILL_SWITCH, engage); // redelivered
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(
                value("SELECT engaged FROM execution.kill_switch WHERE id = ?", (short) 1)));
        UUID refused = sendIntent(Side.BUY, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RISK_REJECTED".equals(status(refused)));

        ctx.kafka().send(Topic.KILL_SWITCH, KillSwitchCommand.of(UUID.randomUUID(), Instant.now(), false,
                "incident over", "ops-oncall"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(
                value("SELECT engaged FROM execution.kill_switch WHERE id = ?", (short) 1)));
        assertThat(value("SELECT count(*) FROM execution.kill_switch_changes WHERE command_id = ?",
                engage.eventId())).isEqualTo(1L);
        assertThat(value("SELECT changed_by FROM execution.kill_switch_changes WHERE command_id = ?",
                engage.eventId())).isEqualTo("ops-oncall");
        UUID accepted = sendIntent(Side.BUY, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(status(accepted)));
    }

    private UUID sendIntent(Side side, String size) {
        Instant now = Instant.now();
        UUID orderId = UUID.randomUUID();
        ctx.kafka().send(Topic.ORDER_INTENTS, new OrderIntent(OrderIntent.SCHEMA_VERSION, UUID.randomUUID(), now, now,
                orderId, "BTCUSD", side, new BigDecimal(size), OrderType.MARKET, "test", null));
        return orderId;
    }

    private String status(UUID orderId) throws Exception {
        return (String) value("SELECT status FROM execution.orders WHERE order_id = ?", orderId);
    }

    private Object value(String sql, Object arg) throws Exception {
        try (Connection c = ctx.database().connect(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }
}
