package io.tickflow.simulators.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.simulators.capital.ManualClock;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PolygonSimulatorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = PolygonSimulatorConfig.DEFAULT_API_KEY;

    private final Vertx vertx = Vertx.vertx();
    private final List<PolygonSimulator> simulators = new ArrayList<>();

    private PolygonSimulator start(PolygonSimulatorConfig.Builder builder) {
        PolygonSimulator simulator = PolygonSimulator.start(builder.build());
        simulators.add(simulator);
        return simulator;
    }

    @AfterEach
    void stop() {
        PolygonProbe.await(vertx.close());
        simulators.forEach(PolygonSimulator::close);
    }

    @Test
    void speaksTheDocumentedHandshakeAndNormalisesTheXPrefix() {
        PolygonSimulator sim = start(PolygonSimulatorConfig.builder().quotesPerSecond(0).tradesPerSecond(0));
        PolygonProbe probe = new PolygonProbe(vertx, sim);
        await().atMost(WAIT).until(() -> probe.statuses().contains("connected: Connected Successfully"));

        probe.send("subscribe", "XQ.BTC-USD");
        await().atMost(WAIT).until(() -> probe.statuses().contains("error: not authorized"));
        probe.send("auth", KEY);
        await().atMost(WAIT).until(() -> probe.statuses().contains("auth_success: authenticated"));
        probe.send("subscribe", "XQ.X:BTC-USD,XT.BTC-USD,FOO.BTC-USD");

        await().atMost(WAIT).until(() -> probe.statuses().contains("error: invalid channel: FOO.BTC-USD"));
        assertThat(probe.statuses()).contains("success: subscribed to: XQ.X:BTC-USD", "success: subscribed to: XT.BTC-USD");
        assertThat(sim.subscriptions()).containsExactly(Set.of("XQ.BTC-USD", "XT.BTC-USD"));

        sim.emitQuotes("BTC-USD", 3);
        sim.emitQuotes("ETH-USD", 2); // not subscribed: never sent
        await().atMost(WAIT).until(() -> probe.events("XQ").size() == 3);
        JsonNode quote = probe.events("XQ").getFirst();
        assertThat(quote.path("pair").asText()).isEqualTo("BTC-USD");
        assertThat(quote.path("bp").decimalValue()).isLessThan(quote.path("ap").decimalValue());
        assertThat(quote.path("bp").decimalValue().scale()).isEqualTo(2);
        assertThat(quote.has("as") && quote.has("bs") && quote.has("t") && quote.has("x")).isTrue();
    }

    @Test
    void aWrongKeyGetsAuthFailedAndASecondSocketGetsMaxConnections() {
        PolygonSimulator sim = start(PolygonSimulatorConfig.builder().quotesPerSecond(0).tradesPerSecond(0));
        PolygonProbe wrong = new PolygonProbe(vertx, sim);
        wrong.send("auth", "nope");
        await().atMost(WAIT).until(wrong.closed::get);
        assertThat(wrong.statuses()).contains("auth_failed: authentication failed");
        assertThat(wrong.closeStatus).isEqualTo((short) 1008);

        PolygonProbe first = new PolygonProbe(vertx, sim);
        first.send("auth", KEY);
        await().atMost(WAIT).until(() -> first.statuses().contains("auth_success: authenticated"));
        PolygonProbe second = new PolygonProbe(vertx, sim);
        second.send("auth", KEY);
        await().atMost(WAIT).until(second.closed::get);
        assertThat(second.statuses()).anyMatch(status -> status.startsWith("max_connections: "));
        assertThat(second.closeStatus).isEqualTo((short) 1008);
        assertThat(first.closed).isFalse();
        assertThat(sim.stats().maxConnectionRejections()).isEqualTo(1);
        assertThat(sim.stats().authFailures()).isEqualTo(1);
    }

    @Test
    void aSocketThatNeverAuthenticatesGetsAuthTimeout() {
        PolygonSimulator sim = start(PolygonSimulatorConfig.builder().quotesPerSecond(0).tradesPerSecond(0)
                .authTimeout(Duration.ofMillis(200)));
        PolygonProbe probe = new PolygonProbe(vertx, sim);

        await().atMost(WAIT).until(probe.closed::get);
        assertThat(probe.statuses()).contains("auth_timeout: No authentication request received.");
    }

    @Test
    void theOptionalForcedDisconnectClosesEverySocketPeriodically() {
        PolygonSimulator sim = start(PolygonSimulatorConfig.builder().quotesPerSecond(0).tradesPerSecond(0)
                .forcedDisconnectEvery(Duration.ofMillis(300)));
        PolygonProbe probe = new PolygonProbe(vertx, sim);
        probe.send("auth", KEY);

        await().atMost(WAIT).until(probe.closed::get);
        assertThat(probe.closeStatus).isEqualTo((short) 1001);
        assertThat(sim.stats().forcedDisconnects()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aggregatesAreBuiltFromTradesAndNoBarIsSentForAWindowWithoutTrades() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00.100Z"));
        PolygonSimulator sim = start(PolygonSimulatorConfig.builder().clock(clock).quotesPerSecond(0).tradesPerSecond(0));
        PolygonProbe probe = new PolygonProbe(vertx, sim);
        probe.send("auth", KEY);
        probe.send("subscribe", "XT.BTC-USD,XA.BTC-USD,XAS.BTC-USD");
        await().atMost(WAIT).until(() -> sim.subscriptions().equals(List.of(Set.of("XT.BTC-USD", "XA.BTC-USD", "XAS.BTC-USD"))));

        List<CryptoTrade> trades = sim.emitTrades("BTC-USD", 3);
        clock.advance(Duration.ofSeconds(2)); // 10:00:01 had no trades: no XAS for it
        sim.emitTrades("BTC-USD", 1);
        clock.advance(Duration.ofSeconds(60));

        await().atMost(WAIT).until(() -> probe.events("XA").size() == 1 && probe.events("XAS").size() == 2);
        JsonNode second = probe.events("XAS").getFirst();
        assertThat(second.path("s").asLong()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z").toEpochMilli());
        assertThat(second.path("e").asLong()).isEqualTo(Instant.parse("2026-03-02T10:00:01Z").toEpochMilli());
        assertThat(second.path("o").decimalValue()).isEqualTo(trades.getFirst().p());
        assertThat(second.path("c").decimalValue()).isEqualTo(trades.getLast().p());
        assertThat(second.path("v").decimalValue()).isEqualTo(trades.stream().map(CryptoTrade::s)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(probe.events("XAS").get(1).path("s").asLong()).isEqualTo(Instant.parse("2026-03-02T10:00:02Z").toEpochMilli());
        JsonNode minute = probe.events("XA").getFirst();
        assertThat(minute.path("s").asLong()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z").toEpochMilli());
        assertThat(minute.path("e").asLong() - minute.path("s").asLong()).isEqualTo(60_000);
    }

    @Test
    void restPagesCarryANextUrlWithoutTheKeyAndTheSameSeedServesTheSameHistory() {
        PolygonSimulator sim = start(PolygonSimulatorConfig.builder().quotesPerSecond(0).tradesPerSecond(0).maxResultsPerPage(10));
        PolygonSimulator twin = start(PolygonSimulatorConfig.builder().quotesPerSecond(0).tradesPerSecond(0).maxResultsPerPage(10));
        PolygonSimulator other = start(PolygonSimulatorConfig.builder().seed(7).quotesPerSecond(0).tradesPerSecond(0)
                .maxResultsPerPage(10));
        WebClient http = WebClient.create(vertx);
        String path = "/v2/aggs/ticker/X:BTCUSD/range/1/minute/2026-03-02/2026-03-02?adjusted=true&sort=asc&limit=50000";

        HttpResponse<Buffer> first = PolygonProbe.await(http.getAbs(sim.restUrl() + path + "&apiKey=" + KEY).send());
        JsonNode page = read(first);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(page.path("status").asText()).isEqualTo("OK");
        assertThat(page.path("results")).hasSize(10);
        String next = page.path("next_url").asText();
        assertThat(next).startsWith(sim.restUrl() + "/v2/aggs/ticker/X:BTCUSD/range/1/minute/").contains("cursor=")
                .doesNotContain(KEY);

        HttpResponse<Buffer> withoutKey = PolygonProbe.await(http.getAbs(next).send());
        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(read(withoutKey).path("error").asText()).isEqualTo("API Key was not provided");
        HttpResponse<Buffer> second = PolygonProbe.await(http.getAbs(next).putHeader("Authorization", "Bearer " + KEY).send());
        assertThat(read(second).path("results").get(0).path("t").asLong())
                .isGreaterThan(page.path("results").get(9).path("t").asLong());

        JsonNode same = read(PolygonProbe.await(http.getAbs(twin.restUrl() + path + "&apiKey=" + KEY).send()));
        JsonNode different = read(PolygonProbe.await(http.getAbs(other.restUrl() + path + "&apiKey=" + KEY).send()));
        assertThat(same.path("results")).isEqualTo(page.path("results"));
        assertThat(different.path("results")).isNotEqualTo(page.path("results"));
    }

    @Test
    void theFreeTierRestLimitAnswers429WithinTheMinute() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
        PolygonSimulator sim = start(PolygonSimulatorConfig.builder().clock(clock).quotesPerSecond(0).tradesPerSecond(0)
                .restRequestsPerMinute(5));
        WebClient http = WebClient.create(vertx);
        String url = sim.restUrl() + "/v2/aggs/ticker/X:BTCUSD/range/1/hour/1772438400000/1772445600000?apiKey=" + KEY;

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(PolygonProbe.await(http.getAbs(url).send()).statusCode());
        }
        clock.advance(Duration.ofSeconds(61));
        statuses.add(PolygonProbe.await(http.getAbs(url).send()).statusCode());

        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 200);
        assertThat(sim.stats().restRateLimited()).isEqualTo(1);
    }

    private static JsonNode read(HttpResponse<Buffer> response) {
        try {
            return PolygonJson.read(response.bodyAsString());
        } catch (Exception e) {
            throw new AssertionError(response.bodyAsString(), e);
        }
    }
}
