package io.tickflow.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.http.ContentType;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Fill;
import io.tickflow.events.OrderIntent;
import io.tickflow.events.OrderType;
import io.tickflow.events.Side;
import io.tickflow.events.Signal;
import io.tickflow.events.Tick;
import io.tickflow.events.Topic;
import io.tickflow.testkit.KafkaTestClient;
import io.tickflow.testkit.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole platform as separate processes on a real broker and a real PostgreSQL: capital-sim streams quotes,
 * market-data publishes and stores ticks, signals decides, execution orders at capital-sim and records the fill,
 * alerting and backtest do their part. Asserts that one quote's trace id reaches the order row, the fill row and
 * the Fill event, and that a forced outage of the primary market-data source is one alert, notified once to a local
 * webhook and resolved after recovery.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static Platform platform;
    private static TestPostgres.Database db;
    private static KafkaTestClient kafka;
    private static WebhookReceiver webhook;

    @BeforeAll
    static void startPlatform() throws Exception {
        webhook = new WebhookReceiver();
        // alerting notifies warnings and critical alerts to the local webhook (the settings production sets by env)
        platform = Platform.start("tickflow_e2e", Map.of("capital-sim.quotes-per-second", "20"),
                List.of("market-data", "signals", "execution", "alerting", "backtest"),
                Map.of("tickflow.alerting.webhook.url", webhook.url(),
                        "tickflow.alerting.routes.warning", "webhook",
                        "tickflow.alerting.routes.critical", "webhook",
                        // the log format of containers (QUARKUS_LOG_CONSOLE_JSON=true in compose, k8s and Helm)
                        "quarkus.log.console.json", "true"));
        db = platform.db;
        kafka = platform.kafka;
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        try {
            platform.close();
        } finally {
            webhook.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aQuoteBecomesAnOrderAndAFillUnderOneTrace() throws Exception {
        Map<String, Object> order = await("a filled order").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> firstFilledOrder(), o -> o != null);

        String traceId = (String) order.get("trace_id");
        assertThat(traceId).as("order row trace id").matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));

        // the fill row, in the same trace
        Map<String, Object> fill = row("SELECT * FROM execution.fills WHERE order_id = ?", order.get("order_id"));
        assertThat(fill).isNotNull();
        assertThat(fill.get("trace_id")).isEqualTo(traceId);
        assertThat(fill.get("deal_id")).isEqualTo(order.get("deal_id"));

        // the Fill event on Kafka, in the same trace
        List<ConsumerRecord<String, String>> fills = kafka.awaitRecords(Topic.FILLS, Duration.ofSeconds(30),
                l -> l.stream().anyMatch(r -> r.key().equals(order.get("order_id").toString())));
        ConsumerRecord<String, String> fillRecord = fills.stream()
                .filter(r -> r.key().equals(order.get("order_id").toString())).findFirst().orElseThrow();
        assertThat(EventCodec.decode(fillRecord.value(), Fill.class).dealId()).isEqualTo(order.get("deal_id"));
        assertThat(KafkaTestClient.header(fillRecord, "traceparent")).contains(traceId);

        // back to the quote: signal -> tick, whose record carries the same trace
        UUID signalId = (UUID) order.get("signal_event_id");
        ConsumerRecord<String, String> signalRecord = find(Topic.SIGNALS,
                r -> EventCodec.decode(r.value(), Signal.class).eventId().equals(signalId));
        Signal signal = EventCodec.decode(signalRecord.value(), Signal.class);
        assertThat(KafkaTestClient.header(signalRecord, "traceparent")).contains(traceId);
        ConsumerRecord<String, String> tickRecord = find(Topic.TICKS,
                r -> EventCodec.decode(r.value(), Tick.class).eventId().equals(signal.triggerEventId()));
        assertThat(KafkaTestClient.header(tickRecord, "traceparent")).contains(traceId);

        // the order reached capital-sim, under the deal reference execution recorded
        String simOrders = given().get(platform.sim.url() + "/sim/orders").then().statusCode(200).extract().asString();
        assertThat(simOrders).contains((String) order.get("deal_reference"));

        // ticks are stored
        assertThat(((Number) row("SELECT count(*) AS n FROM market_data.ticks", null).get("n")).longValue())
                .isPositive();

        // execution's JSON log line of this fill carries the same trace id, so log search and Jaeger meet
        String filledLine = "order " + order.get("order_id") + " FILLED";
        java.nio.file.Path log = platform.services.get("execution").log;
        com.fasterxml.jackson.databind.JsonNode line = await("execution's log line of the fill")
                .atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.readAllLines(log).stream()
                        .filter(l -> l.startsWith("{") && l.contains(filledLine)).findFirst()
                        .map(PlatformEndToEndIT::json).orElse(null), l -> l != null);
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("message").asText()).contains(filledLine).contains((String) order.get("deal_id"));
        assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(traceId);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String line) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a JSON log line: " + line, e);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aRefusedOrderIsAlertedAndABacktestRunsOverStoredTicks() throws Exception {
        Instant now = Instant.now();
        // below BTCUSD's minimum size: pre-trade risk refuses it, alerting records it
        kafka.send(Topic.ORDER_INTENTS, new OrderIntent(OrderIntent.SCHEMA_VERSION, UUID.randomUUID(), now, now,
                UUID.randomUUID(), "BTCUSD", Side.BUY, new BigDecimal("0.00001"), OrderType.MARKET, "e2e", null));
        await("an alert for the refused order").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> row("SELECT * FROM alerting.alerts WHERE rule_id = 'order-risk-rejected'", null) != null);

        await("stored ticks").atMost(Duration.ofSeconds(60))
                .until(() -> ((Number) row("SELECT count(*) AS n FROM market_data.ticks", null).get("n")).longValue()
                        > 50);
        String backtest = platform.services.get("backtest").url();
        String location = given().contentType(ContentType.JSON).body(Map.of("strategy", "ma-crossover",
                        "parameters", Map.of("fast", "5", "slow", "20"), "instruments", List.of("BTCUSD"),
                        "from", now.minusSeconds(3600).toString(), "to", Instant.now().plusSeconds(60).toString()))
                .post(backtest + "/api/backtests").then().statusCode(202).extract().header("Location");
        String job = location.startsWith("http") ? location : backtest + location;
        await("backtest result").atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(
                given().get(job).then().extract().path("status")));
        assertThat(given().get(job).then().extract().<Integer>path("result.eventsProcessed"))
                .isPositive();
    }

    /**
     * Rules and dashboards may only query metrics the services export (deploy/prometheus/known-metrics.txt). Runs
     * last, when trading, a reject, an alert and a backtest have happened, so lazily registered metrics exist too.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void everyMetricTheRulesAndDashboardsUseIsExported() throws Exception {
        java.util.Set<String> exported = new java.util.HashSet<>();
        List<ServiceProcess> all = new java.util.ArrayList<>(platform.services.values());
        for (ServiceProcess p : all) {
            for (String line : given().get(p.url() + "/q/metrics").then().statusCode(200).extract().asString()
                    .split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exported.add(line.split("[{ ]", 2)[0].replaceAll("_(bucket|count|sum|max|created)$", ""));
                }
            }
        }
        // registered on their first event, which this run does not cause (or, for failovers, not built yet)
        java.util.Set<String> onFirstEvent = java.util.Set.of("tickflow_market_data_failovers_total",
                "tickflow_market_data_rejected_quotes_total", "tickflow_outbox_publish_failures_total",
                "tickflow_dead_letters_total", "tickflow_reconciliation_drift");
        List<String> known = java.nio.file.Files.readAllLines(Platform.repositoryRoot()
                        .resolve("deploy/prometheus/known-metrics.txt")).stream()
                .map(String::trim).filter(l -> l.startsWith("tickflow_")).toList();
        assertThat(known).isNotEmpty();
        assertThat(known.stream().filter(m -> !onFirstEvent.contains(m) && !exported.contains(m)).toList())
                .as("metrics in known-metrics.txt that no service exports").isEmpty();
    }

    /**
     * Capital.com's BTCUSD stream stops (capital-sim's /sim control): market-data fails over to Polygon, alerting
     * raises exactly one alert with the trace id of the FAILOVER event and notifies it once; the stream comes back,
     * market-data switches back after its hold time, the alert is resolved and the resolved notice goes out, with no
     * second alert on the way. Runs last: it changes which source feeds BTCUSD for a while.
     */
    @Test
    @org.junit.jupiter.api.Order(4)
    void aForcedSourceOutageIsOneAlertWithATraceIdAndAResolvedNoticeAfterRecovery() throws Exception {
        String feed = platform.services.get("market-data").url() + "/api/feed/BTCUSD";
        await("BTCUSD on capital with polygon healthy as its backup").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given().get(feed).then().statusCode(200)
                        .body("activeSource", org.hamcrest.Matchers.equalTo("capital"))
                        .body("sources.find { it.source == 'polygon' }.status",
                                org.hamcrest.Matchers.equalTo("HEALTHY")));
        await("no open BTCUSD failover alert").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> row("SELECT * FROM alerting.alerts WHERE fingerprint = 'market-data-failover:BTCUSD'"
                        + " AND status <> 'RESOLVED'", null) == null);
        java.util.Set<Object> before = marketDataAlertIds();
        java.util.function.Predicate<String> marketDataFiring = b -> b.contains("\"market-data-")
                && b.matches("(?s).*\"kind\"\\s*:\\s*\"FIRING\".*");
        int firingBefore = webhook.notices(marketDataFiring).size();

        given().post(platform.sim.url() + "/sim/streaming/BTCUSD/stop").then().statusCode(200);

        Map<String, Object> alert = await("the failover alert").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> row("SELECT * FROM alerting.alerts"
                        + " WHERE fingerprint = 'market-data-failover:BTCUSD' AND status = 'OPEN'", null),
                        r -> r != null && !before.contains(r.get("alert_id")));
        String alertId = alert.get("alert_id").toString();
        assertThat(alert.get("rule_id")).isEqualTo("market-data-failover");
        assertThat(alert.get("severity")).isEqualTo("WARNING");
        assertThat((String) alert.get("trace_id")).as("alert row trace id (the FAILOVER event's trace)")
                .matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(alert.get("runbook_url")).isEqualTo("docs/runbooks.md#market-data-failover");
        await("the FIRING notice at the webhook").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> webhook.notices(WebhookReceiver.of(alertId, "FIRING")).size() == 1);
        assertThat(webhook.notices(WebhookReceiver.of(alertId, "FIRING")).getFirst())
                .contains((String) alert.get("trace_id"));

        given().post(platform.sim.url() + "/sim/streaming/BTCUSD/start").then().statusCode(200);

        // market-data switches back once capital has been healthy for switch-back-after (10 s)
        await("the alert resolved").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> "RESOLVED".equals(row("SELECT status FROM alerting.alerts WHERE alert_id = ?",
                        alert.get("alert_id")).get("status")));
        await("the RESOLVED notice at the webhook").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> webhook.notices(WebhookReceiver.of(alertId, "RESOLVED")).size() == 1);
        given().get(feed).then().body("activeSource", org.hamcrest.Matchers.equalTo("capital"));

        // one outage, one alert: nothing else from market-data's events (no gap: polygon carried the feed), and
        // that stays so for a few seconds after the recovery
        await("still exactly one alert and one FIRING notice").during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    java.util.Set<Object> raised = marketDataAlertIds();
                    raised.removeAll(before);
                    return raised.equals(java.util.Set.of(alert.get("alert_id")))
                            && webhook.notices(marketDataFiring).size() == firingBefore + 1
                            && webhook.notices(WebhookReceiver.of(alertId, "FIRING")).size() == 1
                            && webhook.notices(WebhookReceiver.of(alertId, "RESOLVED")).size() == 1;
                });
    }

    private static java.util.Set<Object> marketDataAlertIds() throws Exception {
        java.util.Set<Object> ids = new java.util.HashSet<>();
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT alert_id FROM alerting.alerts WHERE rule_id LIKE 'market-data-%'");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1));
            }
        }
        return ids;
    }

    private static Map<String, Object> firstFilledOrder() throws Exception {
        return row("SELECT * FROM execution.orders WHERE status = 'FILLED' ORDER BY created_at LIMIT 1", null);
    }

    private static ConsumerRecord<String, String> find(Topic topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> match) {
        return kafka.awaitRecords(topic, Duration.ofSeconds(30), l -> l.stream().anyMatch(match))
                .stream().filter(match).findFirst().orElseThrow();
    }

    private static Map<String, Object> row(String sql, Object arg) throws Exception {
        try (Connection c = db.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            if (arg != null) {
                st.setObject(1, arg);
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> m = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    m.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return m;
            }
        } catch (java.sql.SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null; // table not migrated yet by its service
            }
            throw e;
        }
    }
}
