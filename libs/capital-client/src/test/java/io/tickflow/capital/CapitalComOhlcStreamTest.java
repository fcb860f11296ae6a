package io.tickflow.capital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import io.tickflow.simulators.capital.StreamDropMode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code OHLCMarketData.subscribe} against capital-sim: bid and ask bars arrive as separate events, {@link OhlcPairer}
 * joins them, and the bars are subscribed again after a reconnect.
 */
class CapitalComOhlcStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SimulatorFixture fixture;
    private CapitalComClient rest;
    private CapitalComStreamingClient streaming;
    private final List<OhlcEvent> bars = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (fixture != null) {
            streaming.close();
            rest.close();
            fixture.close();
        }
    }

    @Test
    void bidAndAskBarsArriveSeparatelyArePairedAndAreSubscribedAgainAfterAReconnect() {
        fixture = new SimulatorFixture(CapitalComSimulatorConfig.builder().quotesPerSecond(0)
                .quotesPerSecond("BTCUSD", 20).build());
        rest = fixture.client();
        streaming = new CapitalComStreamingClient(fixture.vertx, rest, StreamingConfig.defaults()
                .withPing(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
        streaming.ohlcBars(Set.of("BTCUSD"), Set.of("MINUTE")).subscribe().with(bars::add);

        await().atMost(WAIT).until(() -> sides().containsAll(Set.of(OhlcEvent.Side.BID, OhlcEvent.Side.ASK)));
        OhlcPairer pairer = new OhlcPairer();
        OhlcPairer.BidAskBar paired = null;
        for (OhlcEvent event : bars) {
            assertThat(event.epic()).isEqualTo("BTCUSD");
            assertThat(event.resolution()).isEqualTo("MINUTE");
            assertThat(event.low()).isLessThanOrEqualTo(event.open()).isLessThanOrEqualTo(event.high());
            OhlcPairer.Update update = pairer.accept(event);
            paired = update.forming() != null ? update.forming() : paired;
        }
        assertThat(paired).isNotNull();
        assertThat(paired.start().getEpochSecond() % 60).isZero();
        assertThat(paired.ask().close()).isGreaterThan(paired.bid().close());
        assertThat(paired.ask().low()).isGreaterThan(paired.bid().low());

        fixture.simulator.faults().dropStreamingConnections(StreamDropMode.ABRUPT);
        await().atMost(WAIT).until(() -> fixture.simulator.stats().streamingConnectionsAccepted() == 2);
        int before = bars.size();
        await().atMost(WAIT).until(() -> bars.size() > before + 4);
    }

    @Test
    void thePairerJoinsBothSidesOfABarAndClosesItWhenTheNextOneStarts() {
        Instant minute = Instant.parse("2026-11-25T10:15:00Z");
        OhlcPairer pairer = new OhlcPairer();

        assertThat(pairer.accept(event(OhlcEvent.Side.BID, minute, "100.0")).forming()).isNull();
        OhlcPairer.Update both = pairer.accept(event(OhlcEvent.Side.ASK, minute, "100.5"));
        assertThat(both.forming().bid().close()).isEqualByComparingTo("100.0");
        assertThat(both.forming().ask().close()).isEqualByComparingTo("100.5");
        OhlcPairer.Update moved = pairer.accept(event(OhlcEvent.Side.BID, minute, "100.2"));
        assertThat(moved.forming().bid().close()).isEqualByComparingTo("100.2");
        assertThat(moved.closed()).isNull();

        OhlcPairer.Update next = pairer.accept(event(OhlcEvent.Side.ASK, minute.plusSeconds(60), "101.0"));
        assertThat(next.closed().start()).isEqualTo(minute);
        assertThat(next.closed().bid().close()).isEqualByComparingTo("100.2");
        assertThat(next.forming()).as("the new bar has one side so far").isNull();
        assertThat(pairer.accept(event(OhlcEvent.Side.BID, minute, "99.0")))
                .as("a late event of the closed bar changes nothing").isEqualTo(new OhlcPairer.Update(null, null));
    }

    private static OhlcEvent event(OhlcEvent.Side side, Instant start, String close) {
        BigDecimal c = new BigDecimal(close);
        return new OhlcEvent("BTCUSD", "MINUTE", side, start, c, c.add(BigDecimal.ONE), c.subtract(BigDecimal.ONE), c);
    }

    private Set<OhlcEvent.Side> sides() {
        return Set.copyOf(bars.stream().map(OhlcEvent::side).toList());
    }
}
