package io.tickflow.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.testkit.TestKafka;
import io.tickflow.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications survive a crash: the packaged service runs as a process while the receivers are down, queues FIRING
 * and RESOLVED notices and fails to deliver them; it is killed with -9 (no shutdown hook, nothing flushed); a new
 * process on the same database delivers every notice once, FIRING before RESOLVED. Neither process logs the bot token.
 */
class NotificationRestartIT {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void pendingNotificationsAreDeliveredAfterAKillAndRestart() throws Exception {
        String id = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String prefix = id + ".";
        TestKafka.createTopics(prefix);
        TestPostgres.Database db = TestPostgres.createDatabase(id);
        Db rows = new Db(db);

        AtomicBoolean up = new AtomicBoolean(false);
        try (LocalHttpServer http = new LocalHttpServer()) {
            http.when(r -> true, r -> up.get() ? null : LocalHttpServer.Response.of(503, "{\"ok\":false}"));
            String token = "4242:RestartSecret-" + id;
            Map<String, String> props = new HashMap<>();
            props.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
            props.put("tickflow.topic-prefix", prefix);
            props.put("mp.messaging.connector.smallrye-kafka.auto.offset.reset", "earliest");
            props.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            props.put("quarkus.datasource.reactive.url", db.reactiveUrl());
            props.put("quarkus.datasource.username", db.user());
            props.put("quarkus.datasource.password", db.password());
            props.put("quarkus.otel.sdk.disabled", "true");
            props.put("tickflow.alerting.webhook.url", http.baseUrl() + "/hook/" + id);
            props.put("tickflow.alerting.telegram.base-url", http.baseUrl());
            props.put("tickflow.alerting.telegram.bot-token", token);
            props.put("tickflow.alerting.telegram.chat-id", "-1001");
            props.put("tickflow.alerting.routes.critical", "webhook,telegram");
            props.put("tickflow.alerting.routes.warning", "webhook");
            props.put("tickflow.alerting.dispatch.interval", "200ms");
            props.put("tickflow.alerting.dispatch.initial-backoff", "300ms");
            props.put("tickflow.alerting.dispatch.max-backoff", "1s");
            props.put("tickflow.alerting.dispatch.max-attempts", "50");
            props.put("tickflow.alerting.dispatch.lease", "10s");
            props.put("tickflow.alerting.circuit.open-for", "1s");
            props.put("tickflow.alerting.webhook.timeout", "2s");
            props.put("tickflow.alerting.telegram.timeout", "2s");

            // first life: receivers down
            Path log1 = Path.of("target", "restart-it-" + id + "-1.log");
            Process first = start(props, log1);
            int port1 = Integer.parseInt(props.get("quarkus.http.port"));
            await().atMost(Duration.ofSeconds(90)).until(() -> ready(first, port1, log1));
            post(port1, "/api/alertmanager/webhook", alertmanager("firing", "crit-" + id, "critical"));
            post(port1, "/api/alertmanager/webhook", alertmanager("firing", "warn-" + id, "warning"));
            post(port1, "/api/alertmanager/webhook", alertmanager("resolved", "warn-" + id, "warning"));
            // critical: FIRING to webhook and telegram; warning: FIRING and RESOLVED to webhook
            await().atMost(Duration.ofSeconds(20)).until(() -> pending(rows) == 4 && attempted(rows) >= 2);
            assertThat(http.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.body()).isNotBlank());
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9

            // second life: receivers back
            up.set(true);
            int before = http.requests().size();
            Path log2 = Path.of("target", "restart-it-" + id + "-2.log");
            Process second = start(props, log2);
            int port2 = Integer.parseInt(props.get("quarkus.http.port"));
            await().atMost(Duration.ofSeconds(90)).until(() -> ready(second, port2, log2));
            await().atMost(Duration.ofSeconds(30)).until(() -> pending(rows) == 0);

            List<Map<String, Object>> all = rows.rows("SELECT n.channel, n.kind, n.status, a.fingerprint"
                    + " FROM alerting.notifications n JOIN alerting.alerts a USING (alert_id) ORDER BY n.id");
            assertThat(all).hasSize(4).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("DELIVERED"));

            List<LocalHttpServer.Request> delivered = http.requests().subList(before, http.requests().size());
            List<String> hookKinds = delivered.stream().filter(r -> r.path().startsWith("/hook/"))
                    .map(r -> new JsonObject(r.body()))
                    .map(p -> p.getJsonObject("alert").getString("fingerprint") + " " + p.getString("kind"))
                    .toList();
            // each notice once, and the warning's RESOLVED after its FIRING
            assertThat(hookKinds).containsExactlyInAnyOrder("prometheus:crit-" + id + " FIRING",
                    "prometheus:warn-" + id + " FIRING", "prometheus:warn-" + id + " RESOLVED");
            assertThat(hookKinds.indexOf("prometheus:warn-" + id + " FIRING"))
                    .isLessThan(hookKinds.indexOf("prometheus:warn-" + id + " RESOLVED"));
            assertThat(delivered.stream().filter(r -> r.path().endsWith("/sendMessage")).toList()).hasSize(1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> http.requests().size() == before + 4);

            for (Path log : List.of(log1, log2)) {
                String text = Files.readString(log);
                assertThat(text).contains("notification channel telegram enabled");
                assertThat(text).as(log + " must not contain the bot token").doesNotContain(token)
                        .doesNotContain("RestartSecret-" + id);
            }
            assertThat(Files.readString(log1)).contains("HTTP 503");
        }
    }

    private static long pending(Db rows) {
        return rows.rows("SELECT count(*) AS n FROM alerting.notifications WHERE status = 'PENDING'").stream()
                .map(r -> (Long) r.get("n")).findFirst().orElse(-1L);
    }

    private static long attempted(Db rows) {
        return rows.rows("SELECT count(*) AS n FROM alerting.notifications WHERE attempts > 0").stream()
                .map(r -> (Long) r.get("n")).findFirst().orElse(0L);
    }

    private Process start(Map<String, String> props, Path log) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("package the service first (mvn verify does)").exists();
        try (ServerSocket s = new ServerSocket(0)) {
            props.put("quarkus.http.port", Integer.toString(s.getLocalPort()));
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    private static boolean ready(Process p, int port, Path log) throws IOException {
        if (!p.isAlive()) {
            throw new IllegalStateException("alerting exited with " + p.exitValue() + ":\n" + Files.readString(log));
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready")
                    .toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void post(int port, String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    private static String alertmanager(String status, String fp, String severity) {
        return """
                {"version":"4","status":"%1$s","receiver":"tickflow","alerts":[{"status":"%1$s","fingerprint":"%2$s",
                 "labels":{"alertname":"RestartTest","severity":"%3$s"},
                 "annotations":{"summary":"restart test %2$s","runbook_url":"docs/runbooks.md#restarttest"}}]}"""
                .formatted(status, fp, severity);
    }
}
