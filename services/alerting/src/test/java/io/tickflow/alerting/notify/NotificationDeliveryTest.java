package io.tickflow.alerting.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tickflow.events.EventCodec;
import io.tickflow.events.OrderEvent;
import io.tickflow.events.OrderStatus;
import io.tickflow.events.Side;
import io.tickflow.events.Topic;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Notifications end to end against real local servers: a JDK HTTP server as the generic webhook, Slack and the
 * Telegram Bot API, and GreenMail as the SMTP server. Covers FIRING and RESOLVED on every channel with trace id and
 * runbook, throttling per fingerprint, escalation of unacknowledged CRITICAL alerts, and secrets kept out of logs.
 */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = NotifierServersResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "tickflow.alerting.routes.critical", value = "webhook,slack,telegram,email"),
        @ResourceArg(name = "tickflow.alerting.routes.warning", value = "webhook"),
        @ResourceArg(name = "tickflow.alerting.escalation.channels", value = "webhook,email"),
        @ResourceArg(name = "tickflow.alerting.escalation.ack-timeout", value = "5s"),
        @ResourceArg(name = "tickflow.alerting.throttle-window", value = "4s")})
class NotificationDeliveryTest {

    private static final String RUNBOOKS = "https://runbooks.test/tickflow/docs/runbooks.md#";

    @InjectTestContext
    TestContext ctx;

    @InjectNotifierServers
    NotifierServers servers;

    @Test
    void firingAndResolvedReachEveryChannelWithTraceIdAndRunbook() throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        OrderEvent unknown = unknownOrder();
        ctx.kafka().sendRaw(ctx.topic(Topic.ORDER_EVENTS), unknown.partitionKey(), EventCodec.encode(unknown),
                Map.of("traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01"));
        String fp = "order-unknown:" + unknown.instrument();
        Db db = new Db(ctx.database());
        await().atMost(Duration.ofSeconds(30)).until(() -> db.alert(fp) != null);
        Map<String, Object> alert = db.alert(fp);
        String alertId = alert.get("alert_id").toString();
        assertThat(alert.get("trace_id")).as("the consumer continued the record's trace").isEqualTo(traceId);
        // acknowledged at once: this test is about FIRING and RESOLVED, not escalation
        given().post("/api/alerts/" + alertId + "/acknowledge?by=ops").then().statusCode(204);

        String runbook = RUNBOOKS + "order-unknown";
        Predicate<LocalHttpServer.Request> ofAlert = r -> r.body().contains(alertId);
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.webhook(ofAlert).size() == 1
                && servers.slack(ofAlert).size() == 1 && servers.telegram(ofAlert).size() == 1
                && mails(alertId, "[FIRING]").size() == 2); // one copy per recipient

        LocalHttpServer.Request hook = servers.webhook(ofAlert).get(0);
        JsonObject payload = new JsonObject(hook.body());
        assertThat(payload.getString("kind")).isEqualTo("FIRING");
        assertThat(payload.getInteger("version")).isEqualTo(1);
        assertThat(hook.header("Idempotency-Key")).isEqualTo(alertId + ":FIRING");
        JsonObject a = payload.getJsonObject("alert");
        assertThat(a.getString("severity")).isEqualTo("CRITICAL");
        assertThat(a.getString("summary")).contains("unknown outcome");
        assertThat(a.getString("traceId")).isEqualTo(traceId);
        assertThat(a.getString("traceUrl")).isEqualTo("http://jaeger.test:16686/trace/" + traceId);
        assertThat(a.getString("runbookUrl")).isEqualTo(runbook);
        assertThat(a.getString("fingerprint")).isEqualTo(fp);

        JsonObject slack = new JsonObject(servers.slack(ofAlert).get(0).body());
        assertThat(slack.getString("text")).startsWith("[FIRING] CRITICAL order-unknown").contains(traceId)
                .contains(runbook).contains("unknown outcome");
        assertThat(slack.getJsonArray("blocks")).isNotEmpty();
        assertThat(slack.getJsonArray("blocks").encode()).contains(traceId).contains(runbook);

        JsonObject telegram = new JsonObject(servers.telegram(ofAlert).get(0).body());
        assertThat(telegram.getString("chat_id")).isEqualTo(servers.telegramChatId());
        assertThat(telegram.getString("parse_mode")).isEqualTo("HTML");
        assertThat(telegram.getString("text")).contains("[FIRING] CRITICAL order-unknown").contains(traceId)
                .contains(runbook).contains("unknown outcome");

        MimeMessage mail = mails(alertId, "[FIRING]").get(0);
        assertThat(mail.getSubject()).startsWith("[FIRING] CRITICAL order-unknown: ");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("tickflow-alerts@tickflow.test");
        assertThat(mail.getAllRecipients()).hasSize(2);
        assertThat(mail.getContent().toString()).contains("Trace id: " + traceId).contains("Runbook: " + runbook)
                .contains("Severity: CRITICAL");

        given().post("/api/alerts/" + alertId + "/resolve").then().statusCode(204);
        Predicate<LocalHttpServer.Request> resolved = r -> r.body().contains(alertId) && r.body().contains(
                "[RESOLVED]");
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.webhook(resolved).size() == 1
                && servers.slack(resolved).size() == 1 && servers.telegram(resolved).size() == 1
                && mails(alertId, "[RESOLVED]").size() == 2);
        JsonObject resolvedHook = new JsonObject(servers.webhook(resolved).get(0).body());
        assertThat(resolvedHook.getString("kind")).isEqualTo("RESOLVED");
        assertThat(resolvedHook.getJsonObject("alert").getString("status")).isEqualTo("RESOLVED");
        assertThat(resolvedHook.getJsonObject("alert").getString("traceId")).isEqualTo(traceId);
        assertThat(new JsonObject(servers.telegram(resolved).get(0).body()).getString("text")).contains(traceId)
                .contains(runbook).contains("acknowledged by ops");
        assertThat(mails(alertId, "[RESOLVED]").get(0).getContent().toString()).contains(traceId).contains(runbook);

        List<Map<String, Object>> rows = db.notifications(fp);
        assertThat(rows).hasSize(8).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("DELIVERED");
            assertThat(r.get("attempts")).isEqualTo(1);
        });
        given().get("/api/alerts/" + alertId + "/notifications").then().statusCode(200)
                .extract().jsonPath().getList("status", String.class)
                .forEach(s -> assertThat(s).isEqualTo("DELIVERED"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("tickflow_alerting_notifications_total{channel=\"telegram\",outcome=\"delivered\"}")
                .contains("tickflow_alerting_notifications_pending{channel=\"email\"}")
                .contains("tickflow_alerting_notifier_circuit_state{channel=\"slack\"} 0.0");
    }

    @Test
    void repeatsWithinTheWindowOnlyBumpTheCounterAndAFlappingAlertIsHeldBack() {
        String fp = "throttle-" + UUID.randomUUID();
        String fingerprint = "prometheus:" + fp;
        Db db = new Db(ctx.database());
        for (int i = 0; i < 6; i++) {
            Alerts.fire(fp, "warning");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> servers.webhook(kind(fingerprint, "FIRING")).size() == 1);
        assertThat(db.alert(fingerprint).get("occurrences")).isEqualTo(6L);
        Alerts.fire(fp, "warning");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> servers.webhook(kind(fingerprint, "FIRING")).size() == 1);
        assertThat(db.alert(fingerprint).get("occurrences")).isEqualTo(7L);
        Instant firstNotice = servers.webhook(kind(fingerprint, "FIRING")).get(0).receivedAt();

        Alerts.resolve(fp);
        await().atMost(Duration.ofSeconds(10)).until(() -> servers.webhook(kind(fingerprint, "RESOLVED")).size() == 1);

        // it fires again within the window of the first notice: a new alert, held back, not notified yet
        Alerts.fire(fp, "warning");
        await().atMost(Duration.ofSeconds(5)).until(() -> db.rows("SELECT * FROM alerting.alerts WHERE fingerprint = ?",
                fingerprint).size() == 2);
        Map<String, Object> second = db.alert(fingerprint);
        assertThat(second.get("status")).isEqualTo("OPEN");
        assertThat(second.get("notified_at")).isNull();
        assertThat(second.get("notify_after")).isNotNull();
        Alerts.fire(fp, "warning");

        // still open when the window ends: its one FIRING notice goes out then, with the occurrences so far
        await().atMost(Duration.ofSeconds(15)).until(() -> servers.webhook(kind(fingerprint, "FIRING")).size() == 2);
        LocalHttpServer.Request late = servers.webhook(kind(fingerprint, "FIRING")).get(1);
        JsonObject alert = new JsonObject(late.body()).getJsonObject("alert");
        assertThat(alert.getString("alertId")).isEqualTo(second.get("alert_id").toString());
        assertThat(alert.getLong("occurrences")).isEqualTo(2L);
        assertThat(Duration.between(firstNotice, late.receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> servers.webhook(kind(fingerprint, "FIRING")).size() == 2);
    }

    @Test
    void unacknowledgedCriticalAlertIsEscalatedOnceAndAnAcknowledgedOneNot() {
        String ignored = "escalate-" + UUID.randomUUID();
        String acked = "no-escalation-" + UUID.randomUUID();
        Db db = new Db(ctx.database());
        Alerts.fire(ignored, "critical");
        Alerts.fire(acked, "critical");
        await().atMost(Duration.ofSeconds(10)).until(() -> db.alert("prometheus:" + acked) != null);
        String ackedId = db.alert("prometheus:" + acked).get("alert_id").toString();
        given().post("/api/alerts/" + ackedId + "/acknowledge?by=trader").then().statusCode(204);

        String ignoredFp = "prometheus:" + ignored;
        String ignoredId = db.alert(ignoredFp).get("alert_id").toString();
        await().atMost(Duration.ofSeconds(25)).until(() -> servers.webhook(kind(ignoredFp, "ESCALATION")).size() == 1
                && mails(ignoredId, "[ESCALATION]").size() == 2);
        JsonObject escalation = new JsonObject(servers.webhook(kind(ignoredFp, "ESCALATION")).get(0).body());
        assertThat(escalation.getString("text")).contains("not acknowledged within 5s");
        assertThat(escalation.getJsonObject("alert").getString("runbookUrl")).isEqualTo(RUNBOOKS + "testalert");
        // only the escalation list gets it
        assertThat(servers.slack(r -> r.body().contains(ignoredId) && r.body().contains("ESCALATION"))).isEmpty();
        assertThat(servers.telegram(r -> r.body().contains(ignoredId) && r.body().contains("ESCALATION"))).isEmpty();

        // once, and never for the alert acknowledged in time
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> servers.webhook(kind(ignoredFp, "ESCALATION")).size() == 1
                        && servers.webhook(kind("prometheus:" + acked, "ESCALATION")).isEmpty()
                        && mails(ackedId, "[ESCALATION]").isEmpty());
        assertThat(db.alert("prometheus:" + acked).get("escalated_at")).isNull();

        // resolving the escalated alert tells the escalation channels too (once each)
        Alerts.resolve(ignored);
        await().atMost(Duration.ofSeconds(20)).until(() -> mails(ignoredId, "[RESOLVED]").size() == 2
                && servers.webhook(kind(ignoredFp, "RESOLVED")).size() == 1
                && servers.telegram(r -> r.body().contains(ignoredId) && r.body().contains("[RESOLVED]")).size() == 1);
    }

    @Test
    void secretsStayOutOfLogsErrorsAndTheApi() throws Exception {
        String token = servers.telegramToken();
        // a Telegram that fails, then refuses, quoting the request path (and so the token) in its answers
        servers.http().when(r -> r.path().equals(servers.telegramPath()) && r.body().contains("leaky-telegram"), r -> {
            boolean first = servers.telegram(q -> q.body().contains("leaky-telegram")).size() <= 1;
            return LocalHttpServer.Response.of(first ? 502 : 400,
                    "{\"ok\":false,\"description\":\"bad request at " + r.path() + " for bot " + token + "\"}");
        });
        String fp = "leaky-telegram-" + UUID.randomUUID();
        Db db = new Db(ctx.database());
        Alerts.fire(fp, "critical");
        await().atMost(Duration.ofSeconds(10)).until(() -> db.alert("prometheus:" + fp) != null);
        String alertId = db.alert("prometheus:" + fp).get("alert_id").toString();
        given().post("/api/alerts/" + alertId + "/acknowledge").then().statusCode(204);

        await().atMost(Duration.ofSeconds(30)).until(() -> db.notifications("prometheus:" + fp).stream()
                .anyMatch(r -> r.get("channel").equals("telegram") && r.get("status").equals("FAILED")));
        Map<String, Object> row = db.notifications("prometheus:" + fp).stream()
                .filter(r -> r.get("channel").equals("telegram")).findFirst().orElseThrow();
        assertThat(row.get("attempts")).isEqualTo(2); // the 502 was retried, the 400 was not
        assertThat((String) row.get("last_error")).startsWith("HTTP 400").contains("***").doesNotContain(token)
                .doesNotContain(token.substring(token.indexOf(':') + 1));

        String api = given().get("/api/alerts/" + alertId + "/notifications").then().statusCode(200).extract()
                .asString();
        assertThat(api).contains("HTTP 400").doesNotContain(token);
        assertThat(given().get("/q/metrics").then().extract().asString()).doesNotContain(token);

        String log = Files.readString(Path.of(servers.logFile()));
        assertThat(log).as("the log file is the service's").contains("notification channel telegram enabled")
                .contains("failed permanently");
        for (String secret : List.of(token, token.substring(token.indexOf(':') + 1), servers.slackPath(),
                servers.webhookPath(), servers.telegramPath())) {
            assertThat(log).as("log lines must not contain a secret").doesNotContain(secret);
        }
    }

    private static Predicate<LocalHttpServer.Request> kind(String fingerprint, String kind) {
        return r -> {
            JsonObject p = new JsonObject(r.body());
            return kind.equals(p.getString("kind")) && p.getJsonObject("alert") != null
                    && fingerprint.equals(p.getJsonObject("alert").getString("fingerprint"));
        };
    }

    private List<MimeMessage> mails(String alertId, String subjectPrefix) {
        return servers.mails(m -> {
            try {
                String[] id = m.getHeader("X-Tickflow-Alert-Id");
                return id != null && id[0].equals(alertId) && m.getSubject().startsWith(subjectPrefix);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        });
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zero (an invalid trace id)
        return b;
    }

    private static OrderEvent unknownOrder() {
        Instant now = Instant.now();
        return new OrderEvent(OrderEvent.SCHEMA_VERSION, UUID.randomUUID(), now, now, UUID.randomUUID(), 3,
                OrderStatus.UNKNOWN, OrderStatus.SUBMITTED, "BTCUSD", Side.BUY, new BigDecimal("0.01"), "test",
                null, null, "submit timed out");
    }
}
