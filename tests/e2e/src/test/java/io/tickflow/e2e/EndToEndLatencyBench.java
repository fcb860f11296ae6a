package io.tickflow.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.tickflow.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code make bench-e2e}: quote-to-order-request latency over the real path (capital-sim stream → market-data →
 * Kafka → signals → Kafka → execution → HTTP POST at capital-sim), measured by capital-sim, which stamps each quote
 * when it writes it and each order when it arrives; and, in the same run, the bare two-hop Kafka transport.
 * Not part of {@code make test}: runs only with {@code -Dtickflow.bench=true}.
 */
@EnabledIfSystemProperty(named = "tickflow.bench", matches = "true")
class EndToEndLatencyBench {

    private static final int RATE = Integer.getInteger("bench.rate", 1000);
    private static final int EVERY_N = Integer.getInteger("bench.everyN", 500);
    private static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("bench.warmupSeconds", 20));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 60));

    @Test
    void quoteToOrderLatency() throws Exception {
        Map<String, String> settings = Map.of(
                "tickflow.market-data.instruments", "BTCUSD",
                "tickflow.signals.strategy", "probe",
                "tickflow.signals.parameters.everyN", Integer.toString(EVERY_N),
                "quarkus.otel.traces.sampler", "traceidratio",
                "quarkus.otel.traces.sampler.arg", "0.01");
        try (Platform platform = Platform.start("tickflow_bench", Map.of(
                "capital-sim.instruments", "BTCUSD",
                "capital-sim.quotes-per-second", Integer.toString(RATE),
                "capital-sim.probe-every-n", Integer.toString(EVERY_N)),
                List.of("market-data", "signals", "execution"), settings)) {
            ServiceProcess sim = platform.sim;
            await().pollDelay(WARMUP).atMost(WARMUP.plusSeconds(5)).until(() -> true);
            given().post(sim.url() + "/sim/latency/reset").then().statusCode(200);
            long quotesBefore = quotesStreamed(sim);
            long start = System.nanoTime();
            await().pollDelay(MEASURE).atMost(MEASURE.plusSeconds(5)).until(() -> true);
            double seconds = (System.nanoTime() - start) / 1e9;
            long quotes = quotesStreamed(sim) - quotesBefore;
            JsonPath latency = given().get(sim.url() + "/sim/latency").then().statusCode(200).extract().jsonPath();
            HopBreakdown.print(platform.kafka, platform.db);
            platform.close();

            // the limit of the transport, measured on the same broker once the services are stopped
            Histogram transport = TransportBaseline.run(TestKafka.bootstrapServers(), RATE, Duration.ofSeconds(30));
            double transportP99 = transport.getValueAtPercentile(99) / 1e6;
            double p99 = latency.getDouble("p99Millis");
            System.out.printf(Locale.ROOT, "transport (2 hops, bare kafka-clients): n=%d p50_ms=%.3f p99_ms=%.3f"
                            + " max_ms=%.3f%n", transport.getTotalCount(), transport.getValueAtPercentile(50) / 1e6,
                    transportP99, transport.getMaxValue() / 1e6);
            System.out.printf(Locale.ROOT, "unmatched_orders=%d%n", latency.getLong("unmatchedOrders"));
            System.out.printf(Locale.ROOT, "ticks_per_s=%.0f orders=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f"
                            + " transport_p99_ms=%.3f overhead_ratio=%.2f%n", quotes / seconds,
                    latency.getLong("count"), latency.getDouble("p50Millis"), p99, latency.getDouble("maxMillis"),
                    transportP99, p99 / transportP99);
        }
    }

    private static long quotesStreamed(ServiceProcess sim) {
        Object v = given().get(sim.url() + "/sim/stats").then().statusCode(200).extract().path("quotesStreamed.BTCUSD");
        return v == null ? 0 : ((Number) v).longValue();
    }
}
