package io.tickflow.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tickflow.capital.CapitalComClient;
import io.tickflow.capital.CapitalComConfig;
import io.tickflow.capital.DealConfirmation;
import io.tickflow.capital.Direction;
import io.tickflow.capital.OpenPositionRequest;
import io.tickflow.events.EventCodec;
import io.tickflow.events.Signal;
import io.tickflow.events.SignalDirection;
import io.tickflow.events.Topic;
import io.tickflow.execution.order.PlacementTimings;
import io.tickflow.simulators.capital.CapitalComSimulator;
import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import io.tickflow.testkit.CapitalSimResource;
import io.tickflow.testkit.InjectCapitalSim;
import io.tickflow.testkit.InjectTestContext;
import io.tickflow.testkit.TestContext;
import io.tickflow.testkit.TestKafka;
import io.tickflow.testkit.TickflowTestResource;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code make bench-orders}: order placement latency, from the signal read off Kafka to the broker's confirmed accept,
 * at a steady rate, for three paths in one run against one capital-sim:
 * <ul>
 *   <li><b>pooled</b>: the execution service itself (risk, state machine, outbox, pooled keep-alive client);</li>
 *   <li><b>naive</b>: a baseline client that reads the same signals and, per order, opens a new connection and a new
 *       session before POST /positions and polls the confirm (no risk, no database: a lower bound for that
 *       design);</li>
 *   <li><b>raw HTTP</b>: a bare POST /positions on a pooled connection with nothing else, the floor of this path.</li>
 * </ul>
 * The simulator models the network ({@code bench.rttMs} per request, {@code bench.handshakeMs} more for a new
 * connection), since on loopback a connection costs nothing. Its rate limits are lifted for the run (the naive client
 * would otherwise be refused at one login per second), which is the only departure from the documented broker.
 */
@QuarkusTest
@TestProfile(OrderPlacementBench.Limits.class)
@WithTestResource(value = TickflowTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = CapitalSimResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "maxRequestsPerSecondPerSession", value = "100000"),
        @ResourceArg(name = "maxLoginsPerSecondPerApiKey", value = "100000"),
        @ResourceArg(name = "quotesPerSecond", value = "5")})
@EnabledIfSystemProperty(named = "tickflow.bench", matches = "true")
class OrderPlacementBench {

    /** Client pacing and account limits out of the way: this run measures latency, not quotas. */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tickflow.capital.max-requests-per-second", "100000",
                    "tickflow.capital.order-spacing", "0s",
                    "tickflow.execution.max-orders-per-minute", "1000000",
                    "tickflow.execution.max-position.BTCUSD", "1000",
                    "tickflow.execution.max-notional.BTCUSD", "100000000",
                    "tickflow.execution.reconcile-interval", "30s");
        }
    }

    private static final int ORDERS = Integer.getInteger("bench.orders", 300);
    private static final int RATE = Integer.getInteger("bench.rate", 5);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 100);
    private static final long RTT_MS = Long.getLong("bench.rttMs", 1);
    private static final long HANDSHAKE_MS = Long.getLong("bench.handshakeMs", 2 * RTT_MS);

    @InjectTestContext
    TestContext ctx;

    @InjectCapitalSim
    CapitalComSimulator sim;

    @Inject
    PlacementTimings timings;

    @Inject
    Vertx vertx;

    @Test
    void placementLatencyPooledVersusNaiveVersusRawHttp() throws Exception {
        // warm-up of the service's path (JIT, pools, session) without the network model
        timings.capture(WARMUP);
        sendSignals(ctx.topic(Topic.SIGNALS), WARMUP, 50);
        await().atMost(Duration.ofMinutes(2)).until(() -> timings.placementNanos().length >= WARMUP);

        sim.network().set(Duration.ofMillis(RTT_MS), Duration.ofMillis(HANDSHAKE_MS));
        System.out.printf(Locale.ROOT, "network rtt_ms=%d handshake_ms=%d orders=%d rate_per_s=%d%n", RTT_MS,
                HANDSHAKE_MS, ORDERS, RATE);

        timings.capture(ORDERS);
        sendSignals(ctx.topic(Topic.SIGNALS), ORDERS, RATE);
        await().atMost(Duration.ofMinutes(10)).until(() -> timings.placementNanos().length >= ORDERS);
        long[] pooled = timings.placementNanos();
        long[] overhead = timings.overheadNanos();

        long[] naive = runNaive();
        long[] raw = runRawHttp();
        long[] commit = runCommits();

        print("pooled", pooled);
        print("naive", naive);
        print("raw_http", raw);
        print("overhead", overhead);
        print("db_commit", commit);
        double ratio = (double) pct(naive, 50) / pct(pooled, 50);
        System.out.printf(Locale.ROOT, "naive_p50_ms=%.3f naive_p99_ms=%.3f pooled_p50_ms=%.3f pooled_p99_ms=%.3f"
                        + " raw_http_p50_ms=%.3f overhead_p99_us=%.1f ratio=%.2f%n",
                ms(pct(naive, 50)), ms(pct(naive, 99)), ms(pct(pooled, 50)), ms(pct(pooled, 99)), ms(pct(raw, 50)),
                pct(overhead, 99) / 1000.0, ratio);
        assertThat(pooled).hasSize(ORDERS);
        assertThat(naive).hasSize(ORDERS);
    }

    /** Signals alternating LONG and FLAT, so each one makes exactly one order, at {@code rate} per second. */
    private void sendSignals(String topic, int count, int rate) {
        try (KafkaProducer<String, String> producer = producer()) {
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Instant now = Instant.now();
                Signal s = new Signal(Signal.SCHEMA_VERSION, UUID.randomUUID(), now, now, "bench", "BTCUSD",
                        i % 2 == 0 ? SignalDirection.LONG : SignalDirection.FLAT, new BigDecimal("90000"),
                        UUID.randomUUID(), "bench");
                producer.send(new ProducerRecord<>(topic, s.partitionKey(), EventCodec.encode(s)));
                producer.flush();
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime()); // pacing the load generator, not synchronisation
            }
        }
    }

    /**
     * The baseline: the same signals read off Kafka by a plain consumer; per signal a new client (new connection
     * pool, so a new TCP connection), a new session, the order, and the confirm polled until accepted.
     */
    private long[] runNaive() throws Exception {
        String topic = ctx.topicPrefix() + "bench.naive-signals";
        CapitalComConfig base = CapitalComConfig.of(URI.create(sim.baseUrl()),
                CapitalComSimulatorConfig.DEFAULT_API_KEY, CapitalComSimulatorConfig.DEFAULT_IDENTIFIER,
                CapitalComSimulatorConfig.DEFAULT_PASSWORD);
        CapitalComConfig config = new CapitalComConfig(base.baseUrl(), base.apiKey(), base.identifier(),
                base.password(), false, base.connectTimeout(), base.requestTimeout(), base.keepAliveInterval(), 100000,
                Duration.ZERO, false);
        TestKafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
        List<Long> samples = new ArrayList<>();
        Thread generator = new Thread(() -> sendSignals(topic, ORDERS, RATE), "naive-signals");
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            generator.start();
            while (samples.size() < ORDERS) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long consumed = System.nanoTime();
                    Signal signal = EventCodec.decode(record.value(), Signal.class);
                    Direction direction = samples.size() % 2 == 0 ? Direction.BUY : Direction.SELL;
                    CapitalComClient client = new CapitalComClient(vertx, config);
                    try {
                        client.login().await().atMost(Duration.ofSeconds(10));
                        String ref = client.openPosition(OpenPositionRequest.market(signal.instrument(), direction,
                                new BigDecimal("0.01"))).await().atMost(Duration.ofSeconds(10)).dealReference();
                        DealConfirmation confirmation = null;
                        while (confirmation == null || !confirmation.accepted()) {
                            confirmation = client.confirm(ref).onFailure().recoverWithNull().await()
                                    .atMost(Duration.ofSeconds(10));
                        }
                        samples.add(System.nanoTime() - consumed);
                    } finally {
                        client.close();
                    }
                }
            }
        }
        generator.join();
        return sorted(samples);
    }

    /** A bare POST /positions over one kept-alive connection with a session made beforehand: the path's floor. */
    private long[] runRawHttp() {
        WebClient http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true));
        try {
            HttpResponse<Buffer> login = http.postAbs(sim.baseUrl() + "/api/v1/session")
                    .putHeader("X-CAP-API-KEY", CapitalComSimulatorConfig.DEFAULT_API_KEY)
                    .sendJsonObject(new JsonObject().put("identifier", CapitalComSimulatorConfig.DEFAULT_IDENTIFIER)
                            .put("password", CapitalComSimulatorConfig.DEFAULT_PASSWORD))
                    .await().atMost(Duration.ofSeconds(10));
            String cst = login.getHeader("CST");
            String token = login.getHeader("X-SECURITY-TOKEN");
            JsonObject body = new JsonObject().put("epic", "BTCUSD").put("direction", "BUY").put("size", 0.01);
            List<Long> samples = new ArrayList<>();
            long interval = 1_000_000_000L / RATE;
            long next = System.nanoTime();
            for (int i = 0; i < ORDERS; i++) {
                long started = System.nanoTime();
                HttpResponse<Buffer> r = http.postAbs(sim.baseUrl() + "/api/v1/positions").putHeader("CST", cst)
                        .putHeader("X-SECURITY-TOKEN", token).sendJsonObject(body).await()
                        .atMost(Duration.ofSeconds(10));
                samples.add(System.nanoTime() - started);
                assertThat(r.statusCode()).isEqualTo(200);
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime());
            }
            return sorted(samples);
        } finally {
            http.close();
        }
    }

    /**
     * The floor of execution's own overhead: one single-row INSERT committed on the same database, the one write that
     * must be durable before an order may leave.
     */
    private long[] runCommits() throws Exception {
        List<Long> samples = new ArrayList<>();
        try (Connection c = ctx.database().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS bench_commit (id bigserial PRIMARY KEY, at timestamptz)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_commit (at) VALUES (now())")) {
                for (int i = 0; i < ORDERS; i++) {
                    long started = System.nanoTime();
                    insert.executeUpdate(); // autocommit: one statement, one commit
                    samples.add(System.nanoTime() - started);
                }
            }
        }
        return sorted(samples);
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-naive-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private static long[] sorted(List<Long> samples) {
        long[] a = samples.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void print(String name, long[] s) {
        System.out.printf(Locale.ROOT, "%s n=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f%n", name, s.length,
                ms(pct(s, 50)), ms(pct(s, 90)), ms(pct(s, 99)), ms(s[s.length - 1]));
    }
}
