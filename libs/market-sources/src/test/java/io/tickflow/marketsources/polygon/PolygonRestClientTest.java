package io.tickflow.marketsources.polygon;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.marketsources.Backoff;
import io.tickflow.marketsources.LogCapture;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.simulators.polygon.AggregateBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolygonRestClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    private PolygonFixture fixture;

    @BeforeEach
    void start() {
        fixture = new PolygonFixture(io.tickflow.simulators.polygon.PolygonSimulatorConfig.builder()
                .quotesPerSecond(0).tradesPerSecond(0).maxResultsPerPage(3).build());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void followsNextUrlWithTheKeyAndReturnsExactBarsWithoutInventingTheMinutesThatHadNoTrades() {
        List<AggregateBar> served = new ArrayList<>();
        for (int minute = 0; minute < 8; minute++) {
            if (minute == 4) {
                continue; // no trades in 10:04: Massive sends no bar, and that is not a gap
            }
            BigDecimal open = new BigDecimal("65000.00").add(BigDecimal.valueOf(minute));
            served.add(new AggregateBar(START.plusSeconds(60L * minute), open, open.add(new BigDecimal("2.50")),
                    open.subtract(new BigDecimal("1.25")), open.add(new BigDecimal("0.75")), new BigDecimal("1.5"),
                    open, 10L + minute));
        }
        fixture.simulator.putAggregates("X:BTCUSD", 1, "minute", served);
        PolygonRestClient client = fixture.rest(fixture.restConfig());

        List<List<Bar>> pages = client.aggregatePages("BTCUSD", BarResolution.MINUTE_1, START, START.plusSeconds(480))
                .collect().asList().await().atMost(WAIT);

        assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
        List<Bar> bars = pages.stream().flatMap(List::stream).toList();
        assertThat(bars).extracting(Bar::openTime).containsExactly(START, START.plusSeconds(60), START.plusSeconds(120),
                START.plusSeconds(180), START.plusSeconds(300), START.plusSeconds(360), START.plusSeconds(420));
        Bar sixth = bars.get(5);
        assertThat(sixth.instrument()).isEqualTo("BTCUSD");
        assertThat(sixth.source()).isEqualTo("polygon");
        assertThat(sixth.resolution()).isEqualTo(BarResolution.MINUTE_1);
        assertThat(sixth.eventTime()).isEqualTo(START.plusSeconds(420));
        assertThat(List.of(sixth.open(), sixth.high(), sixth.low(), sixth.close())).containsExactly(new BigDecimal("65006.00"),
                new BigDecimal("65008.50"), new BigDecimal("65004.75"), new BigDecimal("65006.75"));
        assertThat(sixth.tickCount()).isEqualTo(16);
        assertThat(fixture.simulator.stats().restRequests()).isEqualTo(3);
    }

    @Test
    void theRangeIsHalfOpenAndGeneratedHistoryHasAlignedBarsWithGapsAsTheOnlyHoles() {
        Instant from = Instant.parse("2026-03-02T00:00:00Z");
        PolygonRestClient client = fixture.rest(fixture.restConfig().withPageLimit(50_000));

        List<Bar> hours = client.aggregates("BTCUSD", BarResolution.HOUR_1, from, from.plus(Duration.ofHours(6)))
                .await().atMost(WAIT);
        List<Bar> minutes = client.aggregates("BTCUSD", BarResolution.MINUTE_1, from, from.plus(Duration.ofHours(1)))
                .await().atMost(WAIT);

        assertThat(hours).hasSize(6);
        assertThat(hours.getLast().openTime()).isEqualTo(from.plus(Duration.ofHours(5)));
        assertThat(minutes).hasSizeBetween(50, 60);
        assertThat(minutes).allSatisfy(bar -> assertThat(bar.openTime().getEpochSecond() % 60).isZero());
        assertThat(minutes).extracting(Bar::openTime).isSorted().doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(t).isBefore(from.plus(Duration.ofHours(1))));
        assertThat(client.rejectionCounts().values()).allMatch(count -> count == 0);
    }

    @Test
    void rateLimitedAnswersAreRetriedWithBackoff() {
        fixture.simulator.faults().rateLimitNextRestRequests(2);
        PolygonRestClient client = fixture.rest(fixture.restConfig().withPageLimit(50_000));

        List<Bar> bars = client.aggregates("BTCUSD", BarResolution.MINUTE_5, START, START.plus(Duration.ofMinutes(15)))
                .await().atMost(WAIT);

        assertThat(bars).extracting(Bar::openTime).containsExactly(START, START.plusSeconds(300), START.plusSeconds(600));
        assertThat(fixture.simulator.stats().restRateLimited()).isEqualTo(2);
        assertThat(client.requestsSent()).isEqualTo(3);
    }

    @Test
    void aLastingRateLimitFailsTypedAfterTheRetriesAndTheKeyStaysOutOfMessagesAndLogs() {
        fixture.simulator.faults().rateLimitNextRestRequests(100);
        String key = fixture.simulator.config().apiKey();
        try (LogCapture logs = new LogCapture()) {
            PolygonRestClient client = fixture.rest(fixture.restConfig()
                    .withRetries(2, new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 0)));

            assertThatThrownBy(() -> client.aggregates("BTCUSD", BarResolution.MINUTE_1, START, START.plusSeconds(600))
                    .await().atMost(WAIT))
                    .isInstanceOfSatisfying(PolygonException.class, e -> {
                        assertThat(e.kind()).isEqualTo(PolygonErrorKind.RATE_LIMITED);
                        assertThat(e.httpStatus()).isEqualTo(429);
                        assertThat(e.getMessage()).contains("exceeded the maximum requests per minute", "/v2/aggs/ticker/X:BTCUSD/range/1/minute/")
                                .doesNotContain(key);
                    });
            assertThat(client.requestsSent()).isEqualTo(3);
            assertThat(logs.lines()).anyMatch(line -> line.contains("retry 1/2")).noneMatch(line -> line.contains(key));
        }
    }

    @Test
    void aWrongKeyIsAnAuthErrorAndNotRetried() {
        PolygonRestClient client = fixture.rest(PolygonRestConfig.of(URI.create(fixture.simulator.restUrl()), "not-the-key")
                .withPacing(0));

        assertThatThrownBy(() -> client.aggregates("BTCUSD", BarResolution.MINUTE_1, START, START.plusSeconds(600))
                .await().atMost(WAIT))
                .isInstanceOfSatisfying(PolygonException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PolygonErrorKind.AUTH);
                    assertThat(e.getMessage()).contains("Unknown API Key").doesNotContain("not-the-key");
                });
        assertThat(client.requestsSent()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedAndBadBarsAreDroppedAndCounted() {
        fixture.simulator.faults().failNextRestRequests(1);
        fixture.simulator.putAggregates("X:BTCUSD", 1, "minute", List.of(
                bar(START, "65000.00", "65001.00", "64999.00", "65000.50"),
                bar(START.plusSeconds(60), "-1", "65001.00", "64999.00", "65000.50"),        // negative open
                bar(START.plusSeconds(120), "65000.00", "64990.00", "64999.00", "65000.50"), // high below low
                bar(START.plusSeconds(150), "65000.00", "65001.00", "64999.00", "65000.50"), // not on a minute
                bar(START.plusSeconds(180), "65000.00", "65002.00", "64998.00", "65001.00")));
        PolygonRestClient client = fixture.rest(fixture.restConfig());

        List<Bar> bars = client.aggregates("BTCUSD", BarResolution.MINUTE_1, START, START.plusSeconds(240)).await().atMost(WAIT);

        assertThat(bars).extracting(Bar::openTime).containsExactly(START, START.plusSeconds(180));
        assertThat(client.rejectionCounts().get(RejectReason.INVALID_PRICE)).isEqualTo(1);
        assertThat(client.rejectionCounts().get(RejectReason.INCONSISTENT_BAR)).isEqualTo(2);
    }

    @Test
    void anInstrumentWithoutAPolygonCryptoTickerIsRefusedNamingTheSetting() {
        PolygonRestClient client = fixture.rest(fixture.restConfig());

        assertThatThrownBy(() -> client.aggregates("OIL_CRUDE", BarResolution.MINUTE_1, START, START.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tickflow.polygon.symbols.OIL_CRUDE");
    }

    private static AggregateBar bar(Instant t, String o, String h, String l, String c) {
        return new AggregateBar(t, new BigDecimal(o), new BigDecimal(h), new BigDecimal(l), new BigDecimal(c),
                BigDecimal.ONE, new BigDecimal(c), 3L);
    }
}
