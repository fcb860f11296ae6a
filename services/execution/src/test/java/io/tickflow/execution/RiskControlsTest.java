package io.tickflow.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.tickflow.capital.CapitalComClient;
import io.tickflow.capital.Direction;
import io.tickflow.capital.OpenPositionRequest;
import io.tickflow.capital.OpenPosition;
import io.tickflow.events.OrderIntent;
import io.tickflow.events.OrderType;
import io.tickflow.events.Side;
import io.tickflow.events.Topic;
import io.tickflow.execution.instrument.DealingRules;
import io.tickflow.execution.risk.PreTradeRisk;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.capital.MarketStatus;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectCapitalSim;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import jakarta.inject.Inject;
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
 * Pre-trade controls against the simulated broker: its dealing rules read at run time (market status, size grid),
 * the daily loss limit, the kill switch's flatten, and the instrument's own trading hours. The tests share one
 * account and run in order; the simulator's BTCUSD price is frozen so the P&amp;L of a round trip is exactly the
 * spread.
 */
@QuarkusTest
@TestProfile(RiskControlsTest.DailyLossLimit.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RiskControlsTest {

    /** A loss limit smaller than the spread of one 0.01 BTC round trip. */
    public static class DailyLossLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.execution.daily-loss-limit", "0.10", "tickflow.execution.max-position.BTCUSD",
                    "0.05");
        }
    }

    @InjectTestContext
    TestContext ctx;

    @InjectCapitalSim
    CapitalComSimulator sim;

    @Inject
    DealingRules dealingRules;

    @Inject
    CapitalComClient client;

    @Inject
    PreTradeRisk risk;

    @Test
    @Order(1)
    void theBrokersDealingRulesAreReadAtRunTimeAndAClosedMarketIsRefusedBeforeSending() throws Exception {
        sim.setQuoteRate("BTCUSD", 0);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> dealingRules.find("BTCUSD").orElseThrow().fetchedAt().isAfter(Instant.EPOCH));
        var rules = dealingRules.find("BTCUSD").orElseThrow();
        assertThat(rules.instrument().sizeIncrement()).isEqualByComparingTo("0.0001");
        assertThat(rules.instrument().minSize()).isEqualByComparingTo("0.0001");
        assertThat(rules.marketStatus()).isEqualTo("TRADEABLE");

        sim.faults().forceMarketStatus("BTCUSD", MarketStatus.CLOSED);
        dealingRules.refresh().await().atMost(Duration.ofSeconds(10));
        int before = sim.orders().size();
        UUID refused = sendIntent(Side.BUY, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RISK_REJECTED".equals(status(refused)));
        assertThat((String) value("SELECT reason FROM execution.orders WHERE order_id = ?", refused))
                .startsWith("MARKET_CLOSED").contains("CLOSED");
        assertThat(sim.orders()).hasSize(before);

        sim.faults().forceMarketStatus("BTCUSD", null);
        dealingRules.refresh().await().atMost(Duration.ofSeconds(10));
        UUID accepted = sendIntent(Side.BUY, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(status(accepted)));
    }

    @Test
    @Order(2)
    void aSizeOffTheGridIsRoundedDownAndTheRoundingIsRecorded() throws Exception {
        UUID orderId = sendIntent(Side.BUY, "0.01009");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(status(orderId)));
        assertThat((BigDecimal) value("SELECT size FROM execution.orders WHERE order_id = ?", orderId))
                .isEqualByComparingTo("0.0100");
        assertThat((String) value("SELECT reason FROM execution.order_transitions WHERE order_id = ?"
                + " AND to_status = 'RISK_ACCEPTED'", orderId)).contains("0.01009 rounded down to 0.0100");
        assertThat(sim.orders().getLast().size()).isEqualByComparingTo("0.0100");
    }

    @Test
    @Order(3)
    void pastTheDailyLossLimitOnlyOrdersThatReduceThePositionPass() throws Exception {
        // long 0.02 bought at the ask; selling 0.01 at the bid of a frozen market realises -spread x 0.01
        UUID reduce = sendIntent(Side.SELL, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(status(reduce)));

        UUID increase = sendIntent(Side.BUY, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RISK_REJECTED".equals(status(increase)));
        assertThat((String) value("SELECT reason FROM execution.orders WHERE order_id = ?", increase))
                .startsWith("DAILY_LOSS_LIMIT");

        UUID reduceAgain = sendIntent(Side.SELL, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "FILLED".equals(status(reduceAgain)));
        assertThat((BigDecimal) value("SELECT realized_at_open FROM execution.daily_pnl_open WHERE instrument = ?",
                "BTCUSD")).isNotNull();
    }

    @Test
    @Order(4)
    void theKillSwitchWithFlattenClosesEveryBrokerPositionOnceAndRefusesNewOrders() throws Exception {
        // the simulated account hedges: the buys and sells above are four separate positions at the broker
        List<OpenPosition> open = client.positions().await().atMost(Duration.ofSeconds(10));
        assertThat(open).hasSize(4);
        int ordersBefore = sim.orders().size();

        given().contentType(ContentType.JSON)
                .body(Map.of("engaged", true, "flatten", true, "reason", "desk risk-off", "by", "ops-oncall"))
                .put("/api/kill-switch").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.positions().await().atMost(Duration.ofSeconds(10)).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Long) value("SELECT count(*) FROM execution.orders"
                + " WHERE closes_deal_id IS NOT NULL AND status = ?", "FILLED")) == 4L);
        // a close order per position, never two, and no new position opened by the flatten
        assertThat((Long) value("SELECT count(*) FROM execution.orders WHERE closes_deal_id IS NOT NULL"
                + " AND strategy_id = ?", "kill-switch")).isEqualTo(4L);
        assertThat(sim.orders()).hasSize(ordersBefore);
        assertThat((BigDecimal) value("SELECT net_size FROM execution.positions WHERE instrument = ?", "BTCUSD"))
                .isEqualByComparingTo("0");
        assertThat((Boolean) value("SELECT flatten FROM execution.kill_switch_changes WHERE changed_by = ?",
                "ops-oncall")).isTrue();

        UUID refused = sendIntent(Side.BUY, "0.01");
        await().atMost(Duration.ofSeconds(30)).until(() -> "RISK_REJECTED".equals(status(refused)));
        assertThat((String) value("SELECT reason FROM execution.orders WHERE order_id = ?", refused))
                .startsWith("kill switch engaged");
    }

    @Test
    @Order(5)
    void positionsOpenedAndClosedOutsideTickflowAreBookedSoTheLedgerFollowsTheBroker() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("engaged", false, "reason", "risk-off over", "by", "ops-oncall"))
                .put("/api/kill-switch").then().statusCode(200);
        // someone trades on the broker's own platform: a position Tickflow never ordered
        String ref = client.openPosition(OpenPositionRequest.market("BTCUSD", Direction.BUY, new BigDecimal("0.03")))
                .await().atMost(Duration.ofSeconds(10)).dealReference();
        String dealId = client.confirm(ref).await().atMost(Duration.ofSeconds(10)).positionDealId().orElseThrow();

        await().atMost(Duration.ofSeconds(30)).until(() -> new BigDecimal("0.03").compareTo((BigDecimal) value(
                "SELECT net_size FROM execution.positions WHERE instrument = ?", "BTCUSD")) == 0);
        assertThat((BigDecimal) value("SELECT difference FROM execution.external_changes WHERE instrument = ?"
                + " ORDER BY id DESC LIMIT 1", "BTCUSD")).isEqualByComparingTo("0.03");

        // and closes it there (or a stop does): the ledger follows back to flat
        client.closePosition(dealId).await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> BigDecimal.ZERO.compareTo((BigDecimal) value(
                "SELECT net_size FROM execution.positions WHERE instrument = ?", "BTCUSD")) == 0);
        assertThat((Long) value("SELECT count(*) FROM execution.external_changes WHERE instrument = ?", "BTCUSD"))
                .isEqualTo(2L);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("tickflow_external_position_changes_total"));
    }

    @Test
    @Order(6)
    void anOrderOutsideTheInstrumentsTradingHoursIsRefusedWhateverTheBrokerSays() {
        // the broker's status is forced open so that Tickflow's own calendar alone decides, whatever day this runs
        sim.faults().forceMarketStatus("OIL_CRUDE", MarketStatus.TRADEABLE);
        try {
            dealingRules.refresh().await().atMost(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(20)).until(() -> dealingRules.find("OIL_CRUDE")
                    .map(DealingRules.Rules::tradeable).orElse(false));
            Instant saturdayNoon = Instant.parse("2026-11-28T12:00:00Z");
            Instant wednesdayAfternoon = Instant.parse("2026-11-25T15:00:00Z");

            PreTradeRisk.Decision weekend = risk.check("OIL_CRUDE", Side.BUY, BigDecimal.ONE, saturdayNoon).await()
                    .atMost(Duration.ofSeconds(10));
            assertThat(weekend.accepted()).isFalse();
            assertThat(weekend.reason()).isEqualTo("MARKET_CLOSED: OIL_CRUDE is outside its trading hours");

            PreTradeRisk.Decision weekday = risk.check("OIL_CRUDE", Side.BUY, BigDecimal.ONE, wednesdayAfternoon)
                    .await().atMost(Duration.ofSeconds(10));
            assertThat(weekday.accepted()).as("refused: %s", weekday.reason()).isTrue();
        } finally {
            sim.faults().forceMarketStatus("OIL_CRUDE", null);
        }
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
        }
    }
}
