package io.tickflow.marketsources.alphavantage;

import io.smallrye.mutiny.Uni;
import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.marketsources.DailyBar;
import io.tickflow.marketsources.LogCapture;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.SymbolMap;
import io.tickflow.marketsources.alphavantage.AlphaVantageClient.OutputSize;
import io.tickflow.simulators.alphavantage.DailyRow;
import io.tickflow.simulators.alphavantage.DatedValue;
import io.tickflow.simulators.alphavantage.IntradayRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlphaVantageClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AlphaVantageFixture> fixtures = new ArrayList<>();

    private AlphaVantageFixture fixture(java.util.function.UnaryOperator<io.tickflow.simulators.alphavantage.AlphaVantageSimulatorConfig.Builder> tune) {
        AlphaVantageFixture fixture = new AlphaVantageFixture(tune);
        fixtures.add(fixture);
        return fixture;
    }

    @AfterEach
    void stop() throws Exception {
        for (AlphaVantageFixture fixture : fixtures) {
            fixture.close();
        }
    }

    @Test
    void intradayTimestampsAreReadInTheZoneTheMetadataNamesAndBecomeUtcInstants() {
        AlphaVantageFixture fixture = fixture(builder -> builder.intradayTimeZone(ZoneId.of("US/Eastern")));
        // 15:00:30Z is 10:00:30 in New York (EST, UTC-5, on 6 March). Newest first, as Alpha Vantage sends them.
        fixture.simulator.putIntraday("BTC", "1min", List.of(
                row(LocalDateTime.parse("2026-03-06T10:00:00"), "65020.00000", "65021.00000", "65019.00000", "65020.50000"),
                row(LocalDateTime.parse("2026-03-06T09:59:00"), "65012.34000", "65015.00000", "65010.10000", "65014.99000"),
                row(LocalDateTime.parse("2026-03-06T09:58:00"), ".", "65013.00000", "65009.00000", "65012.00000"),
                row(LocalDateTime.parse("2026-03-06T09:57:00"), "65001.00000", "65003.00000", "65000.00000", "65002.00000")));
        AlphaVantageClient client = fixture.client(fixture.config());

        List<Bar> bars = client.cryptoIntraday("BTCUSD", BarResolution.MINUTE_1, OutputSize.COMPACT).await().atMost(WAIT);

        // 10:00 is still forming and left out; 09:58 has a missing value and is skipped, not zeroed.
        assertThat(bars).extracting(Bar::openTime).containsExactly(Instant.parse("2026-03-06T14:57:00Z"),
                Instant.parse("2026-03-06T14:59:00Z"));
        Bar newest = bars.getLast();
        assertThat(newest.instrument()).isEqualTo("BTCUSD");
        assertThat(newest.source()).isEqualTo("alphavantage");
        assertThat(newest.resolution()).isEqualTo(BarResolution.MINUTE_1);
        assertThat(newest.eventTime()).isEqualTo(Instant.parse("2026-03-06T15:00:00Z"));
        assertThat(List.of(newest.open(), newest.high(), newest.low(), newest.close())).containsExactly(
                new BigDecimal("65012.34000"), new BigDecimal("65015.00000"), new BigDecimal("65010.10000"),
                new BigDecimal("65014.99000"));
        assertThat(client.missingValuesSkipped()).isEqualTo(1);
        assertThat(client.rejectionCounts().values()).allMatch(count -> count == 0);
    }

    @Test
    void theGeneratedCompactSeriesIsAHundredCompletedUtcMinutes() {
        AlphaVantageFixture fixture = fixture(builder -> builder);
        AlphaVantageClient client = fixture.client(fixture.config());

        List<Bar> bars = client.cryptoIntraday("BTCUSD", BarResolution.MINUTE_1, OutputSize.COMPACT).await().atMost(WAIT);

        assertThat(bars).hasSize(100);
        assertThat(bars.getLast().openTime()).isEqualTo(Instant.parse("2026-03-06T14:59:00Z"));
        assertThat(bars.getFirst().openTime()).isEqualTo(Instant.parse("2026-03-06T13:20:00Z"));
        assertThat(bars).extracting(Bar::openTime).isSorted();
    }

    @Test
    void digitalCurrencyDailyReadsTheCurrentAndThe2021RowKeysAlike() {
        List<DailyRow> rows = List.of(
                new DailyRow(LocalDate.parse("2026-03-05"), "64000.00000000", "66000.00000000", "63500.00000000",
                        "65500.00000000", "1234.56789000"),
                new DailyRow(LocalDate.parse("2026-03-04"), "63000.00000000", "64500.00000000", "62000.00000000",
                        "64000.00000000", "999.00000000"));
        AlphaVantageFixture current = fixture(builder -> builder);
        AlphaVantageFixture legacy = fixture(builder -> builder.legacyDigitalCurrencyKeys(true));
        current.simulator.putDigitalCurrencyDaily("BTC", rows);
        legacy.simulator.putDigitalCurrencyDaily("BTC", rows);

        List<DailyBar> fromCurrent = current.client(current.config()).digitalCurrencyDaily("BTCUSD").await().atMost(WAIT);
        List<DailyBar> fromLegacy = legacy.client(legacy.config()).digitalCurrencyDaily("BTCUSD").await().atMost(WAIT);

        assertThat(fromCurrent).containsExactly(
                new DailyBar("BTCUSD", "alphavantage", LocalDate.parse("2026-03-04"), new BigDecimal("63000.00000000"),
                        new BigDecimal("64500.00000000"), new BigDecimal("62000.00000000"), new BigDecimal("64000.00000000"),
                        new BigDecimal("999.00000000")),
                new DailyBar("BTCUSD", "alphavantage", LocalDate.parse("2026-03-05"), new BigDecimal("64000.00000000"),
                        new BigDecimal("66000.00000000"), new BigDecimal("63500.00000000"), new BigDecimal("65500.00000000"),
                        new BigDecimal("1234.56789000")));
        assertThat(fromLegacy).isEqualTo(fromCurrent);
    }

    @Test
    void wtiDaysMarkedWithADotAreSkippedNeverZero() {
        AlphaVantageFixture fixture = fixture(builder -> builder);
        fixture.simulator.putCommodity("WTI", "daily", List.of(new DatedValue(LocalDate.parse("2026-03-05"), "71.23"),
                new DatedValue(LocalDate.parse("2026-03-04"), "."), new DatedValue(LocalDate.parse("2026-03-03"), "70.10")));
        AlphaVantageClient client = fixture.client(fixture.config());

        List<DailyBar> closes = client.commodityDaily("OIL_CRUDE").await().atMost(WAIT);

        assertThat(closes).extracting(DailyBar::date).containsExactly(LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-05"));
        assertThat(closes).extracting(DailyBar::close).containsExactly(new BigDecimal("70.10"), new BigDecimal("71.23"));
        assertThat(closes).allMatch(DailyBar::closeOnly);
        assertThat(client.missingValuesSkipped()).isEqualTo(1);
        // the generated year of WTI has its own "." days; none becomes a value
        AlphaVantageFixture generated = fixture(builder -> builder.missingValueProbability(0.2));
        List<DailyBar> year = generated.client(generated.config()).commodityDaily("OIL_CRUDE").await().atMost(WAIT);
        assertThat(year).hasSizeBetween(150, 240).allSatisfy(close -> assertThat(close.close()).isPositive());
    }

    @Test
    void throttlingIsDetectedByTheMissingDataKeyWhateverTheNoticeIsCalled() {
        AlphaVantageFixture fixture = fixture(builder -> builder);
        AlphaVantageClient client = fixture.client(fixture.config());

        for (String noticeKey : List.of("Information", "Note", "Message")) {
            fixture.simulator.faults().throttleNext(1, noticeKey);
            assertThatThrownBy(() -> client.cryptoIntraday("BTCUSD", BarResolution.MINUTE_5, OutputSize.COMPACT)
                    .await().atMost(WAIT))
                    .isInstanceOfSatisfying(AlphaVantageThrottledException.class, e -> {
                        assertThat(e.kind()).isEqualTo(AlphaVantageErrorKind.THROTTLED);
                        assertThat(e.noticeKey()).isEqualTo(noticeKey);
                        assertThat(e.getMessage()).contains("CRYPTO_INTRADAY", "Thank you for using Alpha Vantage");
                    });
        }
        assertThat(client.commodityDaily("OIL_CRUDE").await().atMost(WAIT)).isNotEmpty();
    }

    @Test
    void theDailyLimitMessageNamesTheKeyButTheKeyNeverLeaks() {
        AlphaVantageFixture fixture = fixture(builder -> builder.requestsPerDay(1));
        String key = fixture.simulator.config().apiKey();
        try (LogCapture logs = new LogCapture()) {
            AlphaVantageClient client = fixture.client(fixture.config());
            client.commodityDaily("OIL_CRUDE").await().atMost(WAIT);

            assertThatThrownBy(() -> client.commodityDaily("OIL_CRUDE").await().atMost(WAIT))
                    .isInstanceOfSatisfying(AlphaVantageThrottledException.class, e -> assertThat(e.getMessage())
                            .contains("We have detected your API key as ***", "rate limit is 1 requests per day")
                            .doesNotContain(key));
            assertThat(client.config().toString()).contains("apiKey=***").doesNotContain(key);
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(key));
        }
    }

    @Test
    void anInvalidKeyAnInvalidCallAndAPremiumWallAreKeptApartFromThrottling() {
        AlphaVantageFixture fixture = fixture(builder -> builder.premiumFunctions(Set.of("DIGITAL_CURRENCY_DAILY")));
        AlphaVantageClient wrongKey = fixture.client(AlphaVantageConfig.of(URI.create(fixture.simulator.baseUrl()), "bad-key-42")
                .withBudget(100, Duration.ZERO).withClock(fixture.clock));
        AlphaVantageClient unknownSymbol = fixture.client(fixture.config(),
                SymbolMap.of(Map.of(), Map.of("BTCUSD", "XYZ/USD", "OIL_CRUDE", "WTI")));
        AlphaVantageClient client = fixture.client(fixture.config());

        assertThatThrownBy(() -> wrongKey.commodityDaily("OIL_CRUDE").await().atMost(WAIT))
                .isNotInstanceOf(AlphaVantageThrottledException.class)
                .isInstanceOfSatisfying(AlphaVantageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(AlphaVantageErrorKind.INVALID_API_KEY);
                    assertThat(e.getMessage()).doesNotContain("bad-key-42");
                });
        assertThatThrownBy(() -> unknownSymbol.cryptoIntraday("BTCUSD", BarResolution.MINUTE_1, OutputSize.COMPACT)
                .await().atMost(WAIT))
                .isInstanceOfSatisfying(AlphaVantageException.class, e -> assertThat(e.kind())
                        .isEqualTo(AlphaVantageErrorKind.INVALID_CALL));
        assertThatThrownBy(() -> client.digitalCurrencyDaily("BTCUSD").await().atMost(WAIT))
                .isInstanceOfSatisfying(AlphaVantageException.class, e -> assertThat(e.kind())
                        .isEqualTo(AlphaVantageErrorKind.PREMIUM_ENDPOINT));
    }

    @Test
    void theBudgetIsNeverExceededAndRefillsAfterADay() {
        AlphaVantageFixture fixture = fixture(builder -> builder);
        AlphaVantageClient client = fixture.client(fixture.config().withBudget(5, Duration.ZERO));

        int answered = 0;
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            try {
                client.commodityDaily("OIL_CRUDE").await().atMost(WAIT);
                answered++;
            } catch (AlphaVantageException e) {
                assertThat(e.kind()).isEqualTo(AlphaVantageErrorKind.BUDGET_EXHAUSTED);
                refused++;
            }
            fixture.clock.advance(Duration.ofMinutes(30)); // 8 attempts within 4 hours: one window
        }

        assertThat(answered).isEqualTo(5);
        assertThat(refused).isEqualTo(3);
        assertThat(fixture.simulator.stats().requestsReceived()).isEqualTo(5);
        assertThat(client.requestsSent()).isEqualTo(5);
        assertThat(client.budgetRemaining()).isZero();

        fixture.clock.advance(Duration.ofHours(21)); // the first request is now 24 h old
        client.commodityDaily("OIL_CRUDE").await().atMost(WAIT);
        assertThat(fixture.simulator.stats().requestsReceived()).isEqualTo(6);
    }

    @Test
    void spacingKeepsRequestsUnderTheBurstLimitThatAnUnspacedClientHits() {
        AlphaVantageFixture fixture = fixture(builder -> builder.minSpacing(Duration.ofMillis(300)));
        AlphaVantageClient spaced = fixture.client(fixture.config().withBudget(100, Duration.ofMillis(500)));

        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertThat(spaced.commodityDaily("OIL_CRUDE").await().atMost(WAIT)).isNotEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));

        AlphaVantageClient unspaced = fixture.client(fixture.config());
        assertThatThrownBy(() -> Uni.join().all(unspaced.commodityDaily("OIL_CRUDE"), unspaced.commodityDaily("OIL_CRUDE"))
                .andFailFast().await().atMost(WAIT))
                .isInstanceOfSatisfying(AlphaVantageThrottledException.class, e -> assertThat(e.getMessage())
                .contains("1 request per second"));
        assertThat(fixture.simulator.stats().requestsThrottled()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void rowsWithBadValuesAreDroppedAndCounted() {
        AlphaVantageFixture fixture = fixture(builder -> builder);
        fixture.simulator.putIntraday("BTC", "5min", List.of(
                row(LocalDateTime.parse("2026-03-06T14:50:00"), "65000.0", "65001.0", "64999.0", "65000.5"),
                row(LocalDateTime.parse("2026-03-06T14:45:00"), "NaN", "65001.0", "64999.0", "65000.5"),
                row(LocalDateTime.parse("2026-03-06T14:40:00"), "65000.0", "64990.0", "64999.0", "65000.5"),
                row(LocalDateTime.parse("2026-03-06T16:40:00"), "65000.0", "65001.0", "64999.0", "65000.5"),
                row(LocalDateTime.parse("2026-03-06T14:35:00"), "-3", "65001.0", "64999.0", "65000.5")));
        AlphaVantageClient client = fixture.client(fixture.config());

        List<Bar> bars = client.cryptoIntraday("BTCUSD", BarResolution.MINUTE_5, OutputSize.COMPACT).await().atMost(WAIT);

        assertThat(bars).extracting(Bar::openTime).containsExactly(Instant.parse("2026-03-06T14:50:00Z"));
        assertThat(client.rejectionCounts()).containsEntry(RejectReason.INVALID_PRICE, 2L)
                .containsEntry(RejectReason.INCONSISTENT_BAR, 1L).containsEntry(RejectReason.TIMESTAMP_OUT_OF_RANGE, 1L);
    }

    @Test
    void settingsAreValidatedNamingTheSetting() {
        assertThatThrownBy(() -> AlphaVantageConfig.of(AlphaVantageConfig.ALPHA_VANTAGE, " "))
                .hasMessageContaining("tickflow.alphavantage.api-key");
        assertThatThrownBy(() -> AlphaVantageConfig.of(URI.create("ftp://x"), "k"))
                .hasMessageContaining("tickflow.alphavantage.base-url");
    }

    private static IntradayRow row(LocalDateTime time, String open, String high, String low, String close) {
        return new IntradayRow(time, open, high, low, close, "17");
    }
}
