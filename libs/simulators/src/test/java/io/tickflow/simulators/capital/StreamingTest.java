package io.tickflow.simulators.capital;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private CapitalComSimulator simulator;
    private SimulatorHttp http;
    private SimulatorHttp.Tokens tokens;
    private StreamingProbe stream;

    @BeforeEach
    void start() {
        // BTCUSD streams on the timer; the other epics only when a test emits quotes. SILVER trades on weekdays
        // only, with a daily break, so the simulator's clock runs in real time from a Wednesday noon: the tests
        // pass on a Sunday and at 22:30 UTC too.
        Clock weekday = Clock.offset(Clock.systemUTC(),
                Duration.between(Instant.now(), Instant.parse("2026-03-04T12:00:00Z")));
        simulator = CapitalComSimulator.start(CapitalComSimulatorConfig.builder().clock(weekday).quotesPerSecond(0)
                .quotesPerSecond("BTCUSD", 100).build());
        http = new SimulatorHttp(simulator);
        tokens = http.loginTokens();
        stream = new StreamingProbe(http.vertx(), simulator);
    }

    @AfterEach
    void stop() {
        stream.close();
        http.close();
        simulator.close();
    }

    @Test
    void subscribeIsAcknowledgedAndQuotesFollowWithExactDecimals() {
        String correlationId = stream.subscribe(tokens, "BTCUSD");

        await().atMost(WAIT).until(() -> stream.answerTo(correlationId) != null);
        JsonObject ack = stream.answerTo(correlationId);
        assertThat(ack.getString("status")).isEqualTo("OK");
        assertThat(ack.getString("destination")).isEqualTo("marketData.subscribe");
        assertThat(ack.getJsonObject("payload").getJsonObject("subscriptions").getString("BTCUSD")).isEqualTo("PROCESSED");

        await().atMost(WAIT).until(() -> stream.framesFor("quote").size() >= 10);
        JsonObject payload = stream.framesFor("quote").getFirst().getJsonObject("payload");
        assertThat(payload.fieldNames()).containsExactlyInAnyOrder("epic", "product", "bid", "bidQty", "ofr", "ofrQty", "timestamp");
        assertThat(payload.getString("product")).isEqualTo("CFD");
        assertThat(payload.getLong("timestamp")).isPositive();
        String rawQuote = stream.frames.stream().filter(frame -> frame.contains("\"destination\":\"quote\"")).findFirst().orElseThrow();
        assertThat(rawQuote).containsPattern("\"bid\":\\d+\\.\\d{2},\"bidQty\":\\d+\\.\\d{4},\"ofr\":\\d+\\.\\d{2},");
    }

    @Test
    void pingIsAnsweredWithItsCorrelationId() {
        String correlationId = stream.send("ping", tokens, null);

        await().atMost(WAIT).until(() -> stream.answerTo(correlationId) != null);
        JsonObject pong = stream.answerTo(correlationId);
        assertThat(pong.getString("status")).isEqualTo("OK");
        assertThat(pong.getString("destination")).isEqualTo("ping");
        assertThat(pong.getJsonObject("payload")).isEmpty();
    }

    @Test
    void anInvalidTokenGetsAnErrorFrame() {
        String correlationId = stream.send("ping", new SimulatorHttp.Tokens("forged", "forged"), null);

        await().atMost(WAIT).until(() -> stream.answerTo(correlationId) != null);
        JsonObject error = stream.answerTo(correlationId);
        assertThat(error.getString("status")).isEqualTo("ERROR");
        assertThat(error.getJsonObject("payload").getString("errorCode")).isEqualTo("error.invalid.session.token");
    }

    @Test
    void atMostFortyEpicsPerSocket() {
        String[] tooMany = IntStream.range(0, 41).mapToObj(i -> "EPIC" + i).toArray(String[]::new);

        String correlationId = stream.subscribe(tokens, tooMany);

        await().atMost(WAIT).until(() -> stream.answerTo(correlationId) != null);
        assertThat(stream.answerTo(correlationId).getString("status")).isEqualTo("ERROR");
    }

    @Test
    void unsubscribeStopsTheQuotes() {
        stream.subscribe(tokens, "SILVER");
        await().atMost(WAIT).until(() -> simulator.stats().streamingConnections() == 1 && !stream.frames.isEmpty());
        simulator.emitQuotes("SILVER", 3);
        await().atMost(WAIT).until(() -> stream.framesFor("quote").size() == 3);

        String correlationId = stream.send("marketData.unsubscribe", tokens, new JsonObject().put("epics", new JsonArray().add("SILVER")));
        await().atMost(WAIT).until(() -> stream.answerTo(correlationId) != null);
        simulator.emitQuotes("SILVER", 3);
        String pingId = stream.send("ping", tokens, null);

        // The ping's answer is written after any quote the simulator would still have sent.
        await().atMost(WAIT).until(() -> stream.answerTo(pingId) != null);
        assertThat(stream.framesFor("quote")).hasSize(3);
    }

    @Test
    void barsArriveAsSeparateBidAndAskEvents() {
        String correlationId = stream.send("OHLCMarketData.subscribe", tokens, new JsonObject()
                .put("epics", new JsonArray().add("SILVER")).put("resolutions", new JsonArray().add("MINUTE")).put("type", "classic"));
        await().atMost(WAIT).until(() -> stream.answerTo(correlationId) != null);
        assertThat(stream.answerTo(correlationId).getJsonObject("payload").getJsonObject("subscriptions")
                .getString("SILVER:MINUTE:classic")).isEqualTo("PROCESSED");

        simulator.emitQuotes("SILVER", 1);

        await().atMost(WAIT).until(() -> stream.framesFor("ohlc.event").size() == 2);
        List<JsonObject> bars = stream.framesFor("ohlc.event");
        assertThat(bars).extracting(bar -> bar.getJsonObject("payload").getString("priceType")).containsExactly("bid", "ask");
        assertThat(bars.getFirst().getJsonObject("payload").fieldNames())
                .contains("resolution", "epic", "type", "t", "h", "l", "o", "c");
    }

    @Test
    void aStaleFeedStopsQuotesWhileThePriceMoves() {
        stream.subscribe(tokens, "BTCUSD");
        await().atMost(WAIT).until(() -> stream.framesFor("quote").size() >= 5);

        simulator.faults().stopStreaming("BTCUSD");
        String pingId = stream.send("ping", tokens, null);
        await().atMost(WAIT).until(() -> stream.answerTo(pingId) != null);
        int quotesBefore = stream.framesFor("quote").size();
        long generatedBefore = simulator.stats().quotesGenerated().get("BTCUSD");

        await().atMost(WAIT).until(() -> simulator.stats().quotesGenerated().get("BTCUSD") > generatedBefore + 20);
        assertThat(stream.framesFor("quote")).hasSize(quotesBefore);

        simulator.faults().startStreaming("BTCUSD");
        await().atMost(WAIT).until(() -> stream.framesFor("quote").size() > quotesBefore);
    }

    @Test
    void droppedSocketsCloseAndMalformedFramesAreSent() {
        stream.subscribe(tokens, "BTCUSD");
        await().atMost(WAIT).until(() -> stream.framesFor("quote").size() >= 1);

        assertThat(simulator.faults().sendMalformedFrame()).isEqualTo(1);
        await().atMost(WAIT).until(() -> stream.frames.contains(StreamingHub.DEFAULT_MALFORMED_FRAME));

        assertThat(simulator.faults().dropStreamingConnections()).isEqualTo(1);
        await().atMost(WAIT).until(stream.closed::get);
        assertThat(simulator.stats().streamingConnectionsDropped()).isEqualTo(1);
    }

    @Test
    void switchingAccountsDropsTheStream() {
        stream.subscribe(tokens, "BTCUSD");
        await().atMost(WAIT).until(() -> stream.framesFor("quote").size() >= 1);
        String otherAccount = http.get("/api/v1/accounts", tokens).bodyAsJsonObject().getJsonArray("accounts")
                .getJsonObject(1).getString("accountId");

        http.put("/api/v1/session", tokens, new JsonObject().put("accountId", otherAccount));

        await().atMost(WAIT).until(stream.closed::get);
    }
}
