package io.tickflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tickflow.events.OrderIntent;
import io.tickflow.events.OrderType;
import io.tickflow.events.Side;
import io.tickflow.events.Topic;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The fault-injection run behind {@code make chaos-orders} and {@link ChaosOrdersIT}: order intents at a steady rate
 * through execution into capital-sim, which hits a share of the order requests with faults (answers lost after or
 * before execution, resets, 5xx, 429, confirms that say "not found"), plus a kill -9 and restart of execution half
 * way. Then every intent must have exactly one terminal order, every deal the broker executed must belong to exactly
 * one of them, and no order may have reached the broker twice.
 */
final class ChaosOrdersRun {

    record Result(long intents, long orders, long sentToBroker, long faults, long duplicates, long lost,
            long unresolved, long p99ResolveMs, long riskRejected, long filled, long rejected) {

        String summary() {
            return String.format(Locale.ROOT, "orders=%d faults=%d duplicates=%d lost=%d unresolved=%d"
                    + " p99_resolve_ms=%d", orders, faults, duplicates, lost, unresolved, p99ResolveMs);
        }
    }

    private ChaosOrdersRun() {
    }

    static Result run(int intents, int perSecond, double faultRate, long seed) throws Exception {
        Map<String, String> sim = Map.of(
                "capital-sim.instruments", "BTCUSD",
                "capital-sim.quotes-per-second", "1",
                "capital-sim.chaos.rate", Double.toString(faultRate),
                "capital-sim.chaos.seed", Long.toString(seed),
                "capital-sim.order-hang-duration", "3s",
                "capital-sim.max-requests-per-second-per-session", "0",
                "capital-sim.order-log-capacity", Integer.toString(Math.max(50_000, intents * 2)));
        // correctness, not quotas: the client's pacing is raised like the simulator's limits; the timeouts are
        // short so that faults cost seconds, not minutes
        Map<String, String> execution = Map.of(
                "tickflow.capital.max-requests-per-second", "1000",
                "tickflow.capital.order-spacing", "0ms",
                "tickflow.capital.request-timeout", "500ms",
                "tickflow.execution.confirm-timeout", "3s",
                "tickflow.execution.reconcile-interval", "200ms",
                "tickflow.execution.unknown-grace", "2s",
                "tickflow.execution.max-position.BTCUSD", "100",
                "tickflow.execution.max-orders-per-minute", "1000000");
        try (Platform platform = Platform.start("tickflow_chaos", sim, List.of("execution"), execution)) {
            Set<UUID> orderIds = new HashSet<>();
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long next = System.nanoTime();
            for (int i = 0; i < intents; i++) {
                if (i == intents / 2) {
                    platform.crashAndRestart("execution");
                    next = System.nanoTime();
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                next += interval;
                UUID orderId = UUID.randomUUID();
                orderIds.add(orderId);
                Instant now = Instant.now();
                platform.kafka.send(Topic.ORDER_INTENTS, new OrderIntent(OrderIntent.SCHEMA_VERSION,
                        UUID.randomUUID(), now, now, orderId, "BTCUSD", i % 2 == 0 ? Side.BUY : Side.SELL,
                        new BigDecimal("0.01"), OrderType.MARKET, "chaos", null));
            }
            await("every intent terminal").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> count(platform, "SELECT count(*) FROM execution.orders WHERE status IN"
                            + " ('FILLED', 'REJECTED', 'RISK_REJECTED')") >= intents);
            return verify(platform, orderIds);
        }
    }

    private static Result verify(Platform platform, Set<UUID> intents) throws Exception {
        long orders = count(platform, "SELECT count(*) FROM execution.orders");
        long unresolved = count(platform, "SELECT count(*) FROM execution.orders WHERE status NOT IN"
                + " ('FILLED', 'REJECTED', 'RISK_REJECTED')");
        long sent = count(platform, "SELECT count(DISTINCT order_id) FROM execution.order_transitions"
                + " WHERE to_status = 'SUBMITTING'");
        long multiFilled = count(platform, "SELECT count(*) FROM (SELECT order_id FROM execution.fills"
                + " GROUP BY order_id HAVING count(*) > 1) x");
        Set<String> attributed = new HashSet<>();
        Set<UUID> known = new HashSet<>();
        try (Connection c = platform.db.connect()) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT deal_id FROM execution.fills")) {
                while (rs.next()) {
                    attributed.add(rs.getString(1));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT order_id FROM execution.orders")) {
                while (rs.next()) {
                    known.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<String> executed = brokerDealIds(platform.sim.url());
        long unattributed = executed.stream().filter(d -> !attributed.contains(d)).count();
        // a resend would open more deals at the broker than orders ever reached it
        long duplicates = multiFilled + Math.max(0, executed.size() - sent);
        long missingOrders = intents.stream().filter(id -> !known.contains(id)).count();
        long lost = missingOrders + unresolved + Math.max(0, unattributed - Math.max(0, executed.size() - sent));
        JsonPath summary = given().get(platform.sim.url() + "/sim/orders/summary").then().statusCode(200)
                .extract().jsonPath();
        Histogram resolve = new Histogram(3);
        try (Connection c = platform.db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT (extract(epoch FROM max(at) - min(at)) * 1000)::bigint FROM execution.order_transitions t"
                        + " WHERE EXISTS (SELECT 1 FROM execution.order_transitions s WHERE s.order_id = t.order_id"
                        + " AND s.to_status = 'SUBMITTING') GROUP BY order_id")) {
            while (rs.next()) {
                resolve.recordValue(Math.max(0, rs.getLong(1)));
            }
        }
        return new Result(intents.size(), orders, sent, summaryFaults(summary), duplicates, lost, unresolved,
                resolve.getValueAtPercentile(99),
                count(platform, "SELECT count(*) FROM execution.orders WHERE status = 'RISK_REJECTED'"),
                count(platform, "SELECT count(*) FROM execution.orders WHERE status = 'FILLED'"),
                count(platform, "SELECT count(*) FROM execution.orders WHERE status = 'REJECTED'"));
    }

    private static long summaryFaults(JsonPath summary) {
        Object faulted = summary.get("faulted");
        if (faulted instanceof Map<?, ?> byKind) {
            return byKind.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        }
        return faulted == null ? 0 : ((Number) faulted).longValue();
    }

    /** The broker's view: every open position's deal id (nothing in this run closes one). */
    private static List<String> brokerDealIds(String sim) {
        Response login = given().header("X-CAP-API-KEY", "sim-api-key").contentType("application/json")
                .body(Map.of("identifier", "sim@tickflow.local", "password", "sim-password",
                        "encryptedPassword", false))
                .post(sim + "/api/v1/session");
        assertThat(login.statusCode()).isEqualTo(200);
        return given().header("CST", login.header("CST"))
                .header("X-SECURITY-TOKEN", login.header("X-SECURITY-TOKEN"))
                .get(sim + "/api/v1/positions").then().statusCode(200).extract()
                .jsonPath().getList("positions.position.dealId", String.class);
    }

    private static long count(Platform platform, String sql) throws Exception {
        try (Connection c = platform.db.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }
}
