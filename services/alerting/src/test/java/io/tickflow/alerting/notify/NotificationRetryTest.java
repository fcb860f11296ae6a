package io.tickflow.alerting.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TickflowTestResource;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Retries, Retry-After, no retry on 4xx, and the circuit breaker, against a local HTTP server that fails on cue; and
 * email over implicit TLS (GreenMail's SMTPS with its self-signed certificate, trusted by setting).
 */
@QuarkusTest
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = NotifierServersResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "smtp", value = "tls"),
        @ResourceArg(name = "tickflow.alerting.routes.critical", value = "webhook,email"),
        @ResourceArg(name = "tickflow.alerting.routes.warning", value = "webhook"),
        @ResourceArg(name = "tickflow.alerting.routes.info", value = "telegram"),
        @ResourceArg(name = "tickflow.alerting.dispatch.initial-backoff", value = "200ms"),
        @ResourceArg(name = "tickflow.alerting.dispatch.max-backoff", value = "1s"),
        @ResourceArg(name = "tickflow.alerting.dispatch.max-attempts", value = "5"),
        @ResourceArg(name = "tickflow.alerting.circuit.failure-threshold", value = "3"),
        @ResourceArg(name = "tickflow.alerting.circuit.open-for", value = "5s")})
class NotificationRetryTest {

    @InjectTestContext
    TestContext ctx;

    @InjectNotifierServers
    NotifierServers servers;

    @Inject
    Notifiers notifiers;

    @Test
    void serverErrorsAreRetriedWithBackoffUntilDelivered() {
        String fp = "retry-500-" + UUID.randomUUID();
        servers.http().when(r -> r.body().contains(fp),
                r -> servers.webhook(q -> q.body().contains(fp)).size() <= 2
                        ? LocalHttpServer.Response.of(500, "{\"error\":\"try later\"}") : null);
        Alerts.fire(fp, "warning");
        Db db = new Db(ctx.database());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(db, fp, "webhook").equals("DELIVERED"));
        List<LocalHttpServer.Request> calls = servers.webhook(r -> r.body().contains(fp));
        assertThat(calls).hasSize(3);
        // 200 ms after the first failure, 400 ms after the second
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(180));
        assertThat(Duration.between(calls.get(1).receivedAt(), calls.get(2).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(380));
        Map<String, Object> row = db.notifications("prometheus:" + fp).get(0);
        assertThat(row.get("attempts")).isEqualTo(3);
        assertThat(row.get("last_error")).isNull();
        assertThat(metric("tickflow_alerting_notifications_total{channel=\"webhook\",outcome=\"retried\"}"))
                .isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void a429IsRetriedWhenItsRetryAfterSays() {
        String fp = "retry-429-" + UUID.randomUUID();
        servers.http().when(r -> r.body().contains(fp),
                r -> servers.webhook(q -> q.body().contains(fp)).size() == 1
                        ? new LocalHttpServer.Response(429, Map.of("Retry-After", "2"), "{\"error\":\"rate\"}") : null);
        Alerts.fire(fp, "warning");
        Db db = new Db(ctx.database());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(db, fp, "webhook").equals("DELIVERED"));
        List<LocalHttpServer.Request> calls = servers.webhook(r -> r.body().contains(fp));
        assertThat(calls).hasSize(2);
        // the backoff alone would have retried after 200 ms
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(db.notifications("prometheus:" + fp).get(0).get("attempts")).isEqualTo(2);
    }

    @Test
    void aClientErrorIsNotRetried() {
        String fp = "no-retry-400-" + UUID.randomUUID();
        servers.http().when(r -> r.body().contains(fp),
                r -> LocalHttpServer.Response.of(400, "{\"error\":\"invalid_payload\"}"));
        Alerts.fire(fp, "warning");
        Db db = new Db(ctx.database());
        await().atMost(Duration.ofSeconds(20)).until(() -> status(db, fp, "webhook").equals("FAILED"));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> servers.webhook(r -> r.body().contains(fp)).size() == 1);
        Map<String, Object> row = db.notifications("prometheus:" + fp).get(0);
        assertThat(row.get("attempts")).isEqualTo(1);
        assertThat((String) row.get("last_error")).isEqualTo("HTTP 400: {\"error\":\"invalid_payload\"}");
        assertThat(metric("tickflow_alerting_notifications_total{channel=\"webhook\",outcome=\"failed\"}"))
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void theCircuitOpensAfterThreeFailuresAndClosesWhenTheChannelIsBack() {
        CircuitBreaker breaker = notifiers.breaker("telegram");
        AtomicBoolean up = new AtomicBoolean(false);
        servers.http().when(r -> r.path().equals(servers.telegramPath()),
                r -> up.get() ? null : LocalHttpServer.Response.of(503, "{\"ok\":false}"));
        Db db = new Db(ctx.database());
        List<String> fps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String fp = "circuit-" + i + "-" + UUID.randomUUID();
            fps.add(fp);
            Alerts.fire(fp, "info");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> servers.telegram(r -> true).size() >= 3);
        assertThat(servers.telegram(r -> true)).hasSize(3);
        await().atMost(Duration.ofSeconds(3)).until(() -> breaker.state() == CircuitBreaker.State.OPEN);
        // open for 5 s: nothing goes out, the notices wait without using up attempts
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(2))
                .until(() -> servers.telegram(r -> true).size() == 3);
        assertThat(fps).allSatisfy(fp -> assertThat(status(db, fp, "telegram")).isEqualTo("PENDING"));

        // half-open after the cool-down: one trial, which fails and opens the circuit again
        await().atMost(Duration.ofSeconds(8)).until(() -> servers.telegram(r -> true).size() == 4);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2))
                .until(() -> servers.telegram(r -> true).size() == 4);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        up.set(true);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> fps.stream().allMatch(fp -> status(db, fp, "telegram").equals("DELIVERED")));
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        // the circuit saved attempts: 5 notices, 4 failed requests, 5 deliveries
        assertThat(servers.telegram(r -> true)).hasSize(9);
        // and the gauges say so (scrapes can be slow on a busy machine: no tight deadline here)
        try {
            await("circuit gauge closed").atMost(Duration.ofSeconds(30))
                    .until(() -> metric("tickflow_alerting_notifier_circuit_state{channel=\"telegram\"}") == 0.0);
            await("pending gauge zero").atMost(Duration.ofSeconds(30))
                    .until(() -> metric("tickflow_alerting_notifications_pending{channel=\"telegram\"}") == 0.0);
            assertThat(metric("tickflow_alerting_notifications_total{channel=\"telegram\",outcome=\"retried\"}"))
                    .isGreaterThanOrEqualTo(4.0);
        } catch (AssertionError | RuntimeException e) {
            String scrape = given().get("/q/metrics").then().extract().asString();
            throw new AssertionError(e.getMessage() + "\n" + String.join("\n", scrape.lines()
                    .filter(l -> l.contains("telegram")).toList()), e);
        }
    }

    @Test
    void emailGoesOutOverImplicitTls() {
        String fp = "smtps-" + UUID.randomUUID();
        Alerts.fire(fp, "critical");
        await().atMost(Duration.ofSeconds(20)).until(() -> servers.mails(m -> subject(m).contains(fp)).size() == 2);
        assertThat(servers.mails(m -> subject(m).contains(fp)))
                .allSatisfy(m -> assertThat(subject(m)).startsWith("[FIRING] CRITICAL TestAlert: test alert " + fp));
        assertThat(servers.mail().getSmtps()).as("the server is GreenMail's SMTPS").isNotNull();
    }

    private static String subject(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String status(Db db, String fp, String channel) {
        return db.notifications("prometheus:" + fp).stream().filter(r -> channel.equals(r.get("channel")))
                .map(r -> (String) r.get("status")).findFirst().orElse("NONE");
    }

    private static double metric(String series) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
