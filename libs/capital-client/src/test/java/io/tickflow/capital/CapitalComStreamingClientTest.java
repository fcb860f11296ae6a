package io.tickflow.capital;

import io.tickflow.simulators.capital.CapitalComSimulatorConfig;
import io.tickflow.simulators.capital.StreamDropMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CapitalComStreamingClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final StreamingConfig FAST = StreamingConfig.defaults()
            .withPing(Duration.ofMillis(200), Duration.ofSeconds(1))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));

    private SimulatorFixture fixture;
    private CapitalComClient rest;
    private CapitalComStreamingClient streaming;
    private final List<Quote> quotes = new CopyOnWriteArrayList<>();
    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();

    private void start(StreamingConfig config) {
        fixture = new SimulatorFixture(CapitalComSimulatorConfig.builder().quotesPerSecond(0).quotesPerSecond("BTCUSD", 50).build());
        rest = fixture.client();
        streaming = new CapitalComStreamingClient(fixture.vertx, rest, config);
        streaming.events().subscribe().with(events::add);
        streaming.quotes(Set.of("BTCUSD")).subscribe().with(quotes::add);
    }

    @AfterEach
    void stop() {
        streaming.close();
        rest.close();
        fixture.close();
    }

    @Test
    void quotesArriveAsExactDecimals() {
        start(FAST);

        await().atMost(WAIT).until(() -> quotes.size() >= 10);
        Quote quote = quotes.getFirst();
        assertThat(quote.epic()).isEqualTo("BTCUSD");
        assertThat(quote.bid().scale()).isEqualTo(2);
        assertThat(quote.ofr()).isGreaterThan(quote.bid());
        assertThat(quote.bidQty()).isNotNull();
        assertThat(quote.receivedNanos()).isNotZero();
        assertThat(types()).startsWith(StreamEvent.Type.CONNECTED, StreamEvent.Type.SUBSCRIBED);
    }

    @Test
    void reconnectsAndResubscribesAfterTheSocketIsDropped() {
        start(FAST);
        await().atMost(WAIT).until(() -> quotes.size() >= 5);

        fixture.simulator.faults().dropStreamingConnections(StreamDropMode.ABRUPT);

        await().atMost(WAIT).until(() -> types().contains(StreamEvent.Type.RESUBSCRIBED));
        assertThat(types()).contains(StreamEvent.Type.DISCONNECTED);
        int afterReconnect = quotes.size();
        await().atMost(WAIT).until(() -> quotes.size() > afterReconnect + 5);
        assertThat(fixture.simulator.stats().streamingConnectionsAccepted()).isEqualTo(2);
    }

    @Test
    void aSilentHalfOpenSocketIsDetectedAndReplaced() {
        start(FAST);
        await().atMost(WAIT).until(() -> quotes.size() >= 5);

        fixture.simulator.faults().dropStreamingConnections(StreamDropMode.FREEZE);

        await().atMost(WAIT).until(() -> types().contains(StreamEvent.Type.SILENCE));
        await().atMost(WAIT).until(() -> types().contains(StreamEvent.Type.RESUBSCRIBED));
        int afterReconnect = quotes.size();
        await().atMost(WAIT).until(() -> quotes.size() > afterReconnect + 5);
    }

    @Test
    void malformedFramesAreIgnoredAndCounted() {
        start(FAST);
        await().atMost(WAIT).until(() -> quotes.size() >= 2);

        fixture.simulator.faults().sendMalformedFrame();
        fixture.simulator.faults().sendMalformedFrame("{\"status\":\"OK\",\"destination\":\"quote\",\"payload\":{\"epic\":\"BTCUSD\"}}");

        await().atMost(WAIT).until(() -> streaming.malformedFrames() == 2);
        int afterGarbage = quotes.size();
        await().atMost(WAIT).until(() -> quotes.size() > afterGarbage + 5);
        assertThat(types()).contains(StreamEvent.Type.MALFORMED_FRAME);
        assertThat(types()).doesNotContain(StreamEvent.Type.DISCONNECTED);
    }

    @Test
    void anExpiredSessionOnTheStreamIsRenewedThroughTheRestClient() {
        start(FAST);
        await().atMost(WAIT).until(() -> quotes.size() >= 2);

        fixture.simulator.faults().expireAllSessions();

        await().atMost(WAIT).until(() -> types().contains(StreamEvent.Type.TOKEN_REFRESHED));
        assertThat(rest.loginCount()).isEqualTo(2);
        await().atMost(WAIT).until(() -> types().contains(StreamEvent.Type.RESUBSCRIBED));
    }

    @Test
    void moreEpicsThanASocketTakesOpenMoreSockets() {
        start(FAST.withMaxEpicsPerSocket(1));
        List<Quote> oil = new CopyOnWriteArrayList<>();
        streaming.quotes(Set.of("SILVER", "OIL_CRUDE")).subscribe().with(oil::add);

        await().atMost(WAIT).until(() -> streaming.connectedSockets() == 3);
        assertThat(fixture.simulator.stats().streamingConnections()).isEqualTo(3);
        await().atMost(WAIT).until(() -> quotes.size() >= 2);
        assertThat(oil).isEmpty();
    }

    private List<StreamEvent.Type> types() {
        return events.stream().map(StreamEvent::type).toList();
    }
}
