package io.tickflow.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tickflow.events.OrderIntent;
import io.tickflow.events.OrderType;
import io.tickflow.events.Side;
import io.tickflow.events.Topic;
import io.tickflow.execution.lease.TradingLease;
import io.tickflow.testkit.CapitalSimResource;
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
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two instances must never trade the same account: when this instance loses the account's lease to another holder
 * (its lock session was killed and someone else took the lock), it stops consuming orders and reports not ready;
 * when the lease is free again it takes it back and the waiting intent is traded, once.
 */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class TradingLeaseTest {

    @InjectTestContext
    TestContext ctx;

    @Inject
    TradingLease lease;

    @Test
    void anInstanceWithoutTheLeaseTradesNothingUntilItGetsItBack() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(lease::held);
        given().get("/q/health/ready").then().statusCode(200);

        try (Connection other = ctx.database().connect()) {
            // another "instance": kill our lock session and take the lock before we can re-acquire it
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                terminateLockHolder(other);
                return tryLock(other);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> !lease.held());
            given().get("/q/health/ready").then().statusCode(503);

            UUID orderId = UUID.randomUUID();
            Instant now = Instant.now();
            ctx.kafka().send(Topic.ORDER_INTENTS, new OrderIntent(OrderIntent.SCHEMA_VERSION, UUID.randomUUID(), now,
                    now, orderId, "BTCUSD", Side.BUY, new BigDecimal("0.01"), OrderType.MARKET, "test", null));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> count(orderId) == 0);

            unlock(other);
            await().atMost(Duration.ofSeconds(30)).until(lease::held);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(orderId) == 1);
            given().get("/q/health/ready").then().statusCode(200);
        }
    }

    private void terminateLockHolder(Connection c) throws Exception {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks"
                + " WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()")) {
            st.execute();
        }
    }

    private boolean tryLock(Connection c) throws Exception {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, lease.key());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void unlock(Connection c) throws Exception {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            st.setLong(1, lease.key());
            st.execute();
        }
    }

    private long count(UUID orderId) throws Exception {
        try (Connection c = ctx.database().connect();
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM execution.orders WHERE order_id = ?")) {
            st.setObject(1, orderId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
