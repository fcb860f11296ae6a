package io.tickflow.simulators.alphavantage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tickflow.simulators.capital.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AlphaVantageSimulatorTest {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final String KEY = AlphaVantageSimulatorConfig.DEFAULT_API_KEY;

    private final Vertx vertx = Vertx.vertx();
    private final WebClient http = WebClient.create(vertx);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-06T15:00:30Z"));
    private final List<AlphaVantageSimulator> simulators = new ArrayList<>();

    private AlphaVantageSimulator start(AlphaVantageSimulatorConfig.Builder builder) {
        AlphaVantageSimulator simulator = AlphaVantageSimulator.start(builder.clock(clock).build());
        simulators.add(simulator);
        return simulator;
    }

    @AfterEach
    void stop() {
        await(vertx.close());
        simulators.forEach(AlphaVantageSimulator::close);
    }

    @Test
    void cryptoIntradayHasTheMetadataBlockAndLocalTimestampsInTheAnnouncedZone() {
        AlphaVantageSimulator sim = start(AlphaVantageSimulatorConfig.builder().minSpacing(Duration.ZERO)
                .intradayTimeZone(ZoneId.of("US/Eastern")));

        JsonNode body = get(sim, "function=CRYPTO_INTRADAY&symbol=BTC&market=USD&interval=5min&outputsize=compact&apikey=" + KEY);

        JsonNode meta = body.path("Meta Data");
        assertThat(meta.path("2. Digital Currency Code").asText()).isEqualTo("BTC");
        assertThat(meta.path("7. Interval").asText()).isEqualTo("5min");
        assertThat(meta.path("9. Time Zone").asText()).isEqualTo("US/Eastern");
        // 15:00:30Z is 10:00:30 EST: the newest completed five-minute bar started at 09:55 local
        assertThat(meta.path("6. Last Refreshed").asText()).isEqualTo("2026-03-06 09:55:00");
        JsonNode series = body.path("Time Series Crypto (5min)");
        assertThat(series.size()).isEqualTo(100);
        JsonNode newest = series.path("2026-03-06 09:55:00");
        assertThat(newest.path("1. open").asText()).matches("\\d+\\.\\d{5}");
        assertThat(newest.path("5. volume").isNumber()).isTrue();
    }

    @Test
    void throttlingIsHttp200WithAnInformationOrNoteAndNoDataKey() {
        AlphaVantageSimulator sim = start(AlphaVantageSimulatorConfig.builder().requestsPerDay(2).minSpacing(Duration.ZERO));
        AlphaVantageSimulator old = start(AlphaVantageSimulatorConfig.builder().throttleKey("Note").minSpacing(Duration.ofHours(1)));
        String query = "function=WTI&interval=daily&apikey=" + KEY;

        assertThat(get(sim, query).has("data")).isTrue();
        assertThat(get(sim, query).has("data")).isTrue();
        JsonNode limited = get(sim, query);
        assertThat(fieldNames(limited)).containsExactly("Information");
        assertThat(limited.path("Information").asText()).contains("rate limit is 2 requests per day", KEY);
        assertThat(sim.stats().usedToday()).isEqualTo(2);

        clock.advance(Duration.ofDays(1));
        assertThat(get(sim, query).has("data")).isTrue();

        assertThat(get(old, query).has("data")).isTrue();
        assertThat(fieldNames(get(old, query))).containsExactly("Note");
    }

    @Test
    void invalidKeysAndInvalidCallsAreErrorMessagesAndPremiumFunctionsAnInformation() {
        AlphaVantageSimulator sim = start(AlphaVantageSimulatorConfig.builder().minSpacing(Duration.ZERO)
                .premiumFunctions(java.util.Set.of("CRYPTO_INTRADAY")));

        assertThat(get(sim, "function=WTI&apikey=wrong").path("Error Message").asText()).contains("apikey is invalid or missing");
        assertThat(get(sim, "function=WTI").path("Error Message").asText()).contains("apikey is invalid or missing");
        assertThat(get(sim, "function=DIGITAL_CURRENCY_DAILY&symbol=XYZ&market=USD&apikey=" + KEY).path("Error Message")
                .asText()).startsWith("Invalid API call");
        assertThat(get(sim, "function=CRYPTO_INTRADAY&symbol=BTC&market=USD&interval=1min&apikey=" + KEY)
                .path("Information").asText()).contains("This is a premium endpoint");
    }

    @Test
    void wtiHasBusinessDaysOnlySomeOfThemDotsAndTheSameSeedGivesTheSameSeries() {
        AlphaVantageSimulator sim = start(AlphaVantageSimulatorConfig.builder().minSpacing(Duration.ZERO)
                .missingValueProbability(0.1));
        AlphaVantageSimulator twin = start(AlphaVantageSimulatorConfig.builder().minSpacing(Duration.ZERO)
                .missingValueProbability(0.1));

        JsonNode wti = get(sim, "function=WTI&interval=daily&apikey=" + KEY);

        assertThat(wti.path("name").asText()).isEqualTo("Crude Oil Prices WTI");
        assertThat(wti.path("unit").asText()).isEqualTo("dollars per barrel");
        List<String> values = new ArrayList<>();
        for (JsonNode point : wti.path("data")) {
            DayOfWeek day = LocalDate.parse(point.path("date").asText()).getDayOfWeek();
            assertThat(day).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            values.add(point.path("value").asText());
        }
        assertThat(values).contains(".").allMatch(value -> value.equals(".") || value.matches("\\d+\\.\\d{2}"));
        assertThat(wti.path("data").get(0).path("date").asText()).isEqualTo("2026-03-05");
        assertThat(get(twin, "function=WTI&interval=daily&apikey=" + KEY)).isEqualTo(wti);
    }

    private JsonNode get(AlphaVantageSimulator sim, String query) {
        HttpResponse<Buffer> response = await(http.getAbs(sim.baseUrl() + "/query?" + query).send());
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return JSON.readTree(response.bodyAsString());
        } catch (Exception e) {
            throw new AssertionError(response.bodyAsString(), e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
