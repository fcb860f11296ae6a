package io.tickflow.marketsources.polygon;

import io.tickflow.events.Bar;
import io.tickflow.events.BarResolution;
import io.tickflow.events.Tick;
import io.tickflow.marketsources.LogCapture;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.RejectedInput;
import io.tickflow.marketsources.SourceEvent;
import io.tickflow.marketsources.SourceHealth;
import io.tickflow.marketsources.SourceState;
import io.tickflow.marketsources.polygon.PolygonFixture.Recorder;
import io.tickflow.simulators.polygon.PolygonSimulatorConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tickflow.marketsources.SourceEvent.Type.AUTHENTICATED;
import static io.tickflow.marketsources.SourceEvent.Type.DISCONNECTED;
import static io.tickflow.marketsources.SourceEvent.Type.MAX_CONNECTIONS;
import static io.tickflow.marketsources.SourceEvent.Type.RESUBSCRIBED;
import static io.tickflow.marketsources.SourceEvent.Type.SILENCE;
import static io.tickflow.marketsources.SourceEvent.Type.SUBSCRIBED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PolygonStreamingClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String KEY = PolygonSimulatorConfig.DEFAULT_API_KEY;
    private static final Set<String> ALL_CHANNELS = Set.of("XQ.BTC-USD", "XT.BTC-USD", "XA.BTC-USD", "XAS.BTC-USD");

    private PolygonFixture fixture;

    @BeforeEach
    void start() {
        fixture = PolygonFixture.quiet();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void quotesTradesAndAggregatesBecomeTicksAndBarsWithExactValues() {
        Recorder stream = fixture.stream(fixture.streamingConfig(KEY).withChannels(EnumSet.allOf(PolygonChannel.class)))
                .subscribe("BTCUSD");
        stream.client.connected().await().atMost(WAIT);
        await().atMost(WAIT).until(() -> stream.types().contains(SUBSCRIBED));
        assertThat(fixture.simulator.subscriptions()).containsExactly(ALL_CHANNELS);

        Instant quoteTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant before = Instant.now();
        fixture.simulator.publishQuote("BTC-USD", new BigDecimal("65000.10"), new BigDecimal("65000.35"),
                new BigDecimal("0.50000000"), new BigDecimal("1.25"), quoteTime);
        await().atMost(WAIT).until(() -> stream.ticks.size() == 1);
        Tick quote = stream.ticks.getFirst();
        assertThat(quote.instrument()).isEqualTo("BTCUSD");
        assertThat(quote.source()).isEqualTo("polygon");
        assertThat(quote.bid()).isEqualTo(new BigDecimal("65000.10"));
        assertThat(quote.ask()).isEqualTo(new BigDecimal("65000.35"));
        assertThat(quote.last()).isNull();
        assertThat(quote.eventTime()).isEqualTo(quoteTime);
        assertThat(quote.ingestTime()).isBetween(before, Instant.now());

        Instant tradeTime = quoteTime.plusMillis(7);
        fixture.simulator.publishTrade("BTC-USD", new BigDecimal("65000.20"), new BigDecimal("0.01500000"), tradeTime);
        await().atMost(WAIT).until(() -> stream.ticks.size() == 2);
        Tick trade = stream.ticks.get(1);
        assertThat(trade.bid()).isEqualTo(new BigDecimal("65000.10"));
        assertThat(trade.ask()).isEqualTo(new BigDecimal("65000.35"));
        assertThat(trade.last()).isEqualTo(new BigDecimal("65000.20"));
        assertThat(trade.lastSize()).isEqualTo(new BigDecimal("0.01500000"));
        assertThat(trade.eventTime()).isEqualTo(tradeTime);

        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        fixture.simulator.publishAggregate(false, "BTC-USD", new BigDecimal("64990.00"), new BigDecimal("65010.50"),
                new BigDecimal("64985.25"), new BigDecimal("65000.00"), new BigDecimal("12.5"), minute, minute.plusSeconds(60));
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
        fixture.simulator.publishAggregate(true, "BTC-USD", new BigDecimal("65000.01"), new BigDecimal("65000.02"),
                new BigDecimal("65000.01"), new BigDecimal("65000.02"), new BigDecimal("0.3"), second, second.plusSeconds(1));
        await().atMost(WAIT).until(() -> stream.bars.size() == 2);
        Bar perMinute = stream.bars.getFirst();
        assertThat(perMinute.resolution()).isEqualTo(BarResolution.MINUTE_1);
        assertThat(perMinute.openTime()).isEqualTo(minute);
        assertThat(perMinute.eventTime()).isEqualTo(minute.plusSeconds(60));
        assertThat(List.of(perMinute.open(), perMinute.high(), perMinute.low(), perMinute.close())).containsExactly(
                new BigDecimal("64990.00"), new BigDecimal("65010.50"), new BigDecimal("64985.25"), new BigDecimal("65000.00"));
        assertThat(perMinute.source()).isEqualTo("polygon");
        Bar perSecond = stream.bars.get(1);
        assertThat(perSecond.resolution()).isEqualTo(BarResolution.SECOND_1);
        assertThat(perSecond.openTime()).isEqualTo(second);
        assertThat(perSecond.close()).isEqualTo(new BigDecimal("65000.02"));

        assertThat(stream.client.health().state()).isEqualTo(SourceState.CONNECTED);
        assertThat(stream.client.health().lastMessageAt()).isNotNull();
        assertThat(stream.client.rejectionCounts().values()).allMatch(count -> count == 0);

        stream.client.unsubscribe(Set.of("BTCUSD"));
        await().atMost(WAIT).until(() -> fixture.simulator.subscriptions().equals(List.of(Set.of())));
    }

    @Test
    void aTradeBeforeAnyQuoteHasNoBookToSitOnAndIsSkipped() {
        Recorder stream = fixture.stream(fixture.streamingConfig(KEY)).subscribe("BTCUSD");
        await().atMost(WAIT).until(() -> stream.types().contains(SUBSCRIBED));

        fixture.simulator.publishTrade("BTC-USD", new BigDecimal("65000.20"), new BigDecimal("0.1"), Instant.now());

        await().atMost(WAIT).until(() -> stream.client.tradesWithoutQuote() == 1);
        assertThat(stream.ticks).isEmpty();
        assertThat(stream.client.rejectionCounts().values()).allMatch(count -> count == 0);
    }

    @Test
    void anInstrumentWithoutAPolygonCryptoPairIsRefusedNamingTheSetting() {
        Recorder stream = fixture.stream(fixture.streamingConfig(KEY));

        assertThatThrownBy(() -> stream.client.subscribe(Set.of("OIL_CRUDE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tickflow.polygon.symbols.OIL_CRUDE");
        assertThat(fixture.simulator.stats().connectionsAccepted()).isZero();
    }

    @Test
    void aRefusedKeyFailsClearlyIsRetriedSlowlyAndNeverReachesLogsOrHealth() {
        String wrongKey = "wrong-key-0123456789";
        try (LogCapture logs = new LogCapture()) {
            PolygonStreamingConfig config = fixture.streamingConfig(wrongKey);
            Recorder stream = fixture.stream(config).subscribe("BTCUSD");

            assertThatThrownBy(() -> stream.client.connected().await().atMost(WAIT))
                    .isInstanceOf(PolygonAuthException.class)
                    .hasMessageContaining("authentication failed")
                    .hasMessageContaining("tickflow.polygon.api-key");
            SourceHealth health = stream.client.health();
            assertThat(health.state()).isEqualTo(SourceState.AUTH_FAILED);
            assertThat(health.lastError()).contains("auth_failed");
            // retried after authRetryDelay (300 ms here), not in a tight loop
            await().atMost(WAIT).until(() -> fixture.simulator.stats().authFailures() >= 2);
            assertThat(stream.count(SourceEvent.Type.AUTH_FAILED)).isGreaterThanOrEqualTo(2);

            assertThat(config.toString()).contains("apiKey=***").doesNotContain(wrongKey);
            assertThat(stream.events).allSatisfy(event -> assertThat(event.detail()).doesNotContain(wrongKey));
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(wrongKey));
        }
    }

    @Test
    void aTransientAuthFailureHealsOnTheNextAttempt() {
        fixture.simulator.faults().failNextAuths(1);
        fixture.simulator.setQuoteRate("BTC-USD", 50);
        Recorder stream = fixture.stream(fixture.streamingConfig(KEY)).subscribe("BTCUSD");

        assertThatThrownBy(() -> stream.client.connected().await().atMost(WAIT)).isInstanceOf(PolygonAuthException.class);
        await().atMost(WAIT).until(() -> stream.types().contains(AUTHENTICATED) && stream.types().contains(SUBSCRIBED));
        await().atMost(WAIT).until(() -> stream.ticks.size() >= 5);
        assertThat(stream.client.health().state()).isEqualTo(SourceState.CONNECTED);
    }

    @Test
    void reconnectsAndResubscribesEverythingAfterForcedAndAbruptDisconnects() {
        fixture.simulator.setQuoteRate("BTC-USD", 50);
        Recorder stream = fixture.stream(fixture.streamingConfig(KEY)).subscribe("BTCUSD");
        await().atMost(WAIT).until(() -> stream.ticks.size() >= 5);

        fixture.simulator.faults().disconnectAll(); // Massive's periodic forced disconnect: a close frame
        await().atMost(WAIT).until(() -> stream.count(RESUBSCRIBED) == 1);
        int afterFirst = stream.ticks.size();
        await().atMost(WAIT).until(() -> stream.ticks.size() > afterFirst + 5);

        fixture.simulator.faults().dropConnections(); // a network failure: no close frame
        await().atMost(WAIT).until(() -> stream.count(RESUBSCRIBED) == 2);
        int afterSecond = stream.ticks.size();
        await().atMost(WAIT).until(() -> stream.ticks.size() > afterSecond + 5);

        assertThat(stream.count(DISCONNECTED)).isEqualTo(2);
        assertThat(fixture.simulator.stats().connectionsAccepted()).isEqualTo(3);
        assertThat(fixture.simulator.stats().authSuccesses()).isEqualTo(3);
        assertThat(fixture.simulator.subscriptions()).containsExactly(Set.of("XQ.BTC-USD", "XT.BTC-USD", "XA.BTC-USD"));
        assertThat(stream.client.health().reconnects()).isEqualTo(2);
        assertThat(stream.client.health().state()).isEqualTo(SourceState.CONNECTED);
    }

    @Test
    void aSecondConnectionGetsMaxConnectionsKeepsRetryingAndTakesOverWhenTheFirstCloses() {
        fixture.simulator.setQuoteRate("BTC-USD", 50);
        Recorder first = fixture.stream(fixture.streamingConfig(KEY)).subscribe("BTCUSD");
        first.client.connected().await().atMost(WAIT);
        Recorder second = fixture.stream(fixture.streamingConfig(KEY)).subscribe("BTCUSD");

        await().atMost(WAIT).until(() -> second.count(MAX_CONNECTIONS) >= 2);
        assertThat(second.client.health().state()).isNotEqualTo(SourceState.CONNECTED);
        assertThat(second.client.health().lastError()).contains("max_connections");
        assertThat(second.ticks).isEmpty();
        assertThat(first.client.health().state()).isEqualTo(SourceState.CONNECTED);
        int firstTicks = first.ticks.size();
        await().atMost(WAIT).until(() -> first.ticks.size() > firstTicks + 5);

        first.client.close();

        await().atMost(WAIT).until(() -> second.types().contains(SUBSCRIBED));
        await().atMost(WAIT).until(() -> second.ticks.size() >= 5);
        assertThat(fixture.simulator.stats().openConnections()).isEqualTo(1);
    }

    @Test
    void everyKindOfBadInputIsDroppedAndCountedWhileTheConnectionStaysUp() {
        Recorder stream = fixture.stream(fixture.streamingConfig(KEY)).subscribe("BTCUSD");
        List<RejectedInput> rejected = new CopyOnWriteArrayList<>();
        stream.client.rejections().subscribe().with(rejected::add);
        await().atMost(WAIT).until(() -> stream.types().contains(SUBSCRIBED));
        long now = System.currentTimeMillis();
        String good = quote("65000.10", "65000.35", now);

        List<String> frames = List.of(
                "[{\"ev\":\"XQ\",\"pair\":\"BTC-USD\",\"bp\":",                                   // not JSON
                "[42]",                                                                               // not an event object
                "[{\"ev\":\"XQ\",\"pair\":\"BTC-USD\",\"bp\":NaN,\"ap\":65000.35,\"t\":" + now + "}]", // NaN literal
                "[" + quote("\"NaN\"", "65000.35", now) + "]",                                       // NaN as text
                "[" + quote("-65000.10", "65000.35", now) + "]",                                     // negative
                "[" + quote("0", "65000.35", now) + "]",                                             // zero
                "[" + quote("65001.00", "65000.00", now) + "]",                                      // crossed
                "[" + quote("65000.10", "65000.35", now + 3_600_000) + "]",                          // an hour ahead
                "[" + quote("65000.10", "65000.35", now - 86_400_000) + "]",                         // a day old
                "[{\"ev\":\"XQ\",\"pair\":\"DOGE-USD\",\"bp\":0.1,\"ap\":0.2,\"t\":" + now + "}]",   // unknown pair
                "[{\"ev\":\"XQ\",\"pair\":\"BTC-USD\",\"bp\":65000.10,\"t\":" + now + "}]",          // no ask
                "[{\"ev\":\"XA\",\"pair\":\"BTC-USD\",\"o\":10,\"h\":9,\"l\":11,\"c\":10,\"v\":1,\"s\":"
                        + (now / 60_000 - 2) * 60_000 + ",\"e\":" + (now / 60_000 - 1) * 60_000 + "}]",  // high below low
                "[{\"ev\":\"XT\",\"pair\":\"BTC-USD\",\"p\":65000.2,\"s\":-0.5,\"t\":" + now + "}]", // negative size
                "[{\"ev\":\"XX\",\"pair\":\"BTC-USD\"}]",                                             // unknown event type
                "[" + good + "," + quote("65001.00", "65000.00", now) + "]");                        // good next to bad
        frames.forEach(frame -> fixture.simulator.faults().sendRaw(frame));

        Map<RejectReason, Long> expected = Map.of(RejectReason.MALFORMED_FRAME, 2L, RejectReason.INVALID_PRICE, 4L,
                RejectReason.CROSSED_QUOTE, 2L, RejectReason.TIMESTAMP_OUT_OF_RANGE, 2L, RejectReason.UNKNOWN_SYMBOL, 1L,
                RejectReason.MISSING_FIELD, 1L, RejectReason.INCONSISTENT_BAR, 1L, RejectReason.INVALID_SIZE, 1L,
                RejectReason.UNKNOWN_EVENT, 1L);
        await().atMost(WAIT).until(() -> stream.client.rejectionCounts().values().stream().mapToLong(Long::longValue).sum() == 15);
        assertThat(stream.client.rejectionCounts()).containsExactlyInAnyOrderEntriesOf(expected);
        await().atMost(WAIT).until(() -> rejected.size() == 15);
        assertThat(rejected).allSatisfy(input -> {
            assertThat(input.source()).isEqualTo("polygon");
            assertThat(input.detail()).isNotBlank();
            assertThat(input.input()).isNotBlank();
        });
        assertThat(stream.ticks).hasSize(1);
        assertThat(stream.ticks.getFirst().bid()).isEqualTo(new BigDecimal("65000.10"));

        fixture.simulator.publishQuote("BTC-USD", new BigDecimal("65000.50"), new BigDecimal("65000.60"), null, null,
                Instant.now());
        await().atMost(WAIT).until(() -> stream.ticks.size() == 2);
        assertThat(stream.types()).doesNotContain(DISCONNECTED);
        assertThat(fixture.simulator.stats().connectionsAccepted()).isEqualTo(1);
        assertThat(stream.client.health().state()).isEqualTo(SourceState.CONNECTED);
    }

    @Test
    void aQuietButHealthyConnectionIsKeptWhileAFrozenOneIsReplaced() {
        fixture.simulator.setQuoteRate("BTC-USD", 50);
        Recorder stream = fixture.stream(fixture.streamingConfig(KEY)).subscribe("BTCUSD");
        await().atMost(WAIT).until(() -> stream.ticks.size() >= 5);

        fixture.simulator.faults().silence(true);
        // Pings every 200 ms keep proving the socket alive: no data for 2 s (longer than the 1.5 s silence timeout) is
        // market staleness, not a dead socket.
        await().during(Duration.ofMillis(2000)).atMost(WAIT)
                .until(() -> !stream.types().contains(SILENCE) && !stream.types().contains(DISCONNECTED));
        SourceHealth quiet = stream.client.health();
        assertThat(quiet.state()).isEqualTo(SourceState.CONNECTED);
        assertThat(quiet.lastMessageAt()).isBefore(Instant.now().minusMillis(1000));

        fixture.simulator.faults().silence(false);
        fixture.simulator.faults().freezeConnections(); // half-open: not even pongs come back
        await().atMost(WAIT).until(() -> stream.types().contains(SILENCE));
        await().atMost(WAIT).until(() -> stream.types().contains(RESUBSCRIBED));
        int afterReconnect = stream.ticks.size();
        await().atMost(WAIT).until(() -> stream.ticks.size() > afterReconnect + 5);
        assertThat(stream.client.health().lastMessageAt()).isAfter(quiet.lastMessageAt());
    }

    private static String quote(String bid, String ask, long t) {
        return "{\"ev\":\"XQ\",\"pair\":\"BTC-USD\",\"bp\":" + bid + ",\"bs\":0.1,\"ap\":" + ask + ",\"as\":0.2,\"t\":" + t + "}";
    }
}
