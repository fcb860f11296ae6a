package io.tickflow.simulators.capital;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MarketsTest {

    /** A Wednesday: every simulated market is open. */
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T10:15:30Z"));
    private CapitalComSimulator simulator;
    private SimulatorHttp http;
    private SimulatorHttp.Tokens tokens;

    @BeforeEach
    void start() {
        // No timer-driven quotes: the tests emit them, so the latest quote is known exactly.
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(clock).quotesPerSecond(0)
                .maxRequestsPerSecondPerSession(0).build());
        http = new SimulatorHttp(simulator);
        tokens = http.loginTokens();
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void btcUsdMarketDetailsCarryInstrumentRulesAndSnapshot() {
        HttpResponse<Buffer> response = http.get("/api/v1/markets/BTCUSD", tokens);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        JsonObject instrument = body.getJsonObject("instrument");
        assertThat(instrument.getString("epic")).isEqualTo("BTCUSD");
        assertThat(instrument.getString("type")).isEqualTo("CRYPTOCURRENCIES");
        assertThat(instrument.getJsonObject("openingHours").getString("zone")).isEqualTo("UTC");
        assertThat(instrument.getJsonObject("openingHours").getJsonArray("sat")).containsExactly("00:00 - 00:00");

        JsonObject rules = body.getJsonObject("dealingRules");
        assertThat(decimal(rules.getJsonObject("minSizeIncrement"), "value")).isEqualByComparingTo("0.0001");
        assertThat(decimal(rules.getJsonObject("minDealSize"), "value")).isEqualByComparingTo("0.0001");
        assertThat(decimal(rules.getJsonObject("minStepDistance"), "value")).isEqualByComparingTo("0.05");
        assertThat(rules.getJsonObject("maxDealSize").getString("unit")).isEqualTo("POINTS");

        JsonObject snapshot = body.getJsonObject("snapshot");
        assertThat(snapshot.getString("marketStatus")).isEqualTo("TRADEABLE");
        assertThat(snapshot.getInteger("decimalPlacesFactor")).isEqualTo(2);
        assertThat(snapshot.getInteger("scalingFactor")).isEqualTo(1);
        BigDecimal bid = decimal(snapshot, "bid");
        BigDecimal offer = decimal(snapshot, "offer");
        assertThat(bid).isBetween(new BigDecimal("80000"), new BigDecimal("100000"));
        assertThat(offer.subtract(bid)).isBetween(new BigDecimal("30"), new BigDecimal("60"));
        // Exact decimals on the wire: the raw JSON has the instrument's two places, no binary-float tails.
        assertThat(response.bodyAsString()).containsPattern("\"bid\":\\d+\\.\\d{2}[,}]");
    }

    @Test
    void oilCrudeHasAWeekdayScheduleWithADailyBreak() {
        JsonObject hours = http.get("/api/v1/markets/OIL_CRUDE", tokens).bodyAsJsonObject()
                .getJsonObject("instrument").getJsonObject("openingHours");

        assertThat(hours.getJsonArray("mon")).containsExactly("00:00 - 22:00", "23:00 - 00:00");
        assertThat(hours.getJsonArray("fri")).containsExactly("00:00 - 22:00");
        assertThat(hours.getJsonArray("sat")).isEmpty();
        assertThat(hours.getJsonArray("sun")).containsExactly("23:00 - 00:00");
    }

    @Test
    void unknownEpicIs404() {
        HttpResponse<Buffer> response = http.get("/api/v1/markets/NOPE", tokens);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.not-found.epic");
    }

    @Test
    void severalEpicsAndSearch() {
        JsonArray details = http.get("/api/v1/markets?epics=BTCUSD,OIL_CRUDE", tokens).bodyAsJsonObject()
                .getJsonArray("marketDetails");
        assertThat(details).hasSize(2);
        assertThat(details.getJsonObject(1).getJsonObject("instrument").getString("epic")).isEqualTo("OIL_CRUDE");

        JsonArray found = http.get("/api/v1/markets?searchTerm=crude", tokens).bodyAsJsonObject().getJsonArray("markets");
        assertThat(found).hasSize(1);
        assertThat(found.getJsonObject(0).getString("epic")).isEqualTo("OIL_CRUDE");
        assertThat(found.getJsonObject(0).getString("updateTimeUTC")).isNotBlank();

        assertThat(http.get("/api/v1/markets?searchTerm=", tokens).bodyAsJsonObject().getString("errorCode"))
                .isEqualTo("error.null.searchTerm");
    }

    @Test
    void minuteBarsComeFromTheHistoryAndTheLastOneIsForming() {
        simulator.emitQuotes("BTCUSD", 3);

        JsonObject prices = http.get("/api/v1/prices/BTCUSD?resolution=MINUTE&max=5", tokens).bodyAsJsonObject();

        JsonArray bars = prices.getJsonArray("prices");
        assertThat(bars).hasSize(5);
        assertThat(prices.getString("instrumentType")).isEqualTo("CRYPTOCURRENCIES");
        JsonObject forming = bars.getJsonObject(4);
        assertThat(forming.getString("snapshotTimeUTC")).isEqualTo("2026-03-04T10:15:00");
        assertThat(forming.getString("snapshotTime")).isEqualTo("2026-03-04T13:15:00");
        assertThat(decimal(forming.getJsonObject("closePrice"), "bid")).isEqualByComparingTo(simulator.lastQuote("BTCUSD").bid());
        assertThat(bars.getJsonObject(3).getString("snapshotTimeUTC")).isEqualTo("2026-03-04T10:14:00");
    }

    @Test
    void pricesPageForwardFromAStartDateAndValidateTheirParameters() {
        JsonArray bars = http.get("/api/v1/prices/BTCUSD?resolution=HOUR&from=2026-03-03T00:00:00&max=3", tokens)
                .bodyAsJsonObject().getJsonArray("prices");
        assertThat(bars).extracting(bar -> ((JsonObject) bar).getString("snapshotTimeUTC"))
                .containsExactly("2026-03-03T00:00:00", "2026-03-03T01:00:00", "2026-03-03T02:00:00");

        assertThat(http.get("/api/v1/prices/BTCUSD?resolution=MINUTE_3", tokens).bodyAsJsonObject().getString("errorCode"))
                .isEqualTo("error.invalid.resolution");
        assertThat(http.get("/api/v1/prices/BTCUSD?max=1001", tokens).statusCode()).isEqualTo(400);
        assertThat(http.get("/api/v1/prices/BTCUSD?from=2020-01-01T00:00:00&to=2020-01-02T00:00:00", tokens).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aPageHoldsAtMostOneThousandBarsFromItsStartAndAHistoryOutageIsA503UntilSwitchedOff() {
        JsonArray page = http.get("/api/v1/prices/BTCUSD?resolution=MINUTE&from=2026-03-02T00:00:00&max=1000", tokens)
                .bodyAsJsonObject().getJsonArray("prices");
        assertThat(page).hasSize(1000);
        assertThat(page.getJsonObject(0).getString("snapshotTimeUTC")).isEqualTo("2026-03-02T00:00:00");
        // the next page starts where this one ended
        JsonArray next = http.get("/api/v1/prices/BTCUSD?resolution=MINUTE&from=2026-03-02T16:40:00&max=2", tokens)
                .bodyAsJsonObject().getJsonArray("prices");
        assertThat(page.getJsonObject(999).getString("snapshotTimeUTC")).isEqualTo("2026-03-02T16:39:00");
        assertThat(next.getJsonObject(0).getString("snapshotTimeUTC")).isEqualTo("2026-03-02T16:40:00");

        simulator.faults().failPrices(true);
        HttpResponse<Buffer> failed = http.get("/api/v1/prices/BTCUSD?resolution=MINUTE&max=5", tokens);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.bodyAsJsonObject().getString("errorCode")).isEqualTo("error.service.unavailable");
        simulator.faults().failPrices(false);
        assertThat(http.get("/api/v1/prices/BTCUSD?resolution=MINUTE&max=5", tokens).statusCode()).isEqualTo(200);
    }

    private static BigDecimal decimal(JsonObject object, String field) {
        return new BigDecimal(object.getValue(field).toString());
    }
}
