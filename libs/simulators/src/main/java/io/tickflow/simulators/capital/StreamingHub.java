package io.tickflow.simulators.capital;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tickflow.simulators.capital.StreamConnection.OhlcSubscription;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capital.com's streaming protocol on {@code /connect}: JSON request frames carrying {@code destination}, {@code correlationId},
 * {@code cst}, {@code securityToken} and {@code payload}, answered with {@code {"status":"OK"|"ERROR",...}}; subscribed epics
 * then receive {@code quote} frames and {@code ohlc.event} frames (bid and ask bars separately).
 *
 * <p>Every request frame is authenticated with the REST session's tokens; an expired session gets an error frame with
 * {@code payload.errorCode = error.invalid.session.token}, the socket stays open. A socket with no client frame (ping) for
 * {@code streamIdleTimeout} is closed, as Capital.com asks for a ping at least every 10 minutes.
 */
final class StreamingHub {

    private static final System.Logger LOG = System.getLogger(StreamingHub.class.getName());
    private static final long IDLE_CHECK_PERIOD_MILLIS = 1000;
    static final String DEFAULT_MALFORMED_FRAME = "{\"status\":\"OK\",\"destination\":\"quote\",\"payload\":{\"epic\":";

    private final CapitalComSimulatorConfig config;
    private final Clock clock;
    private final SessionRegistry sessions;
    private final Map<String, SimulatedInstrument> instruments;
    private final LatencyProbe probe;
    private final Set<StreamConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<StreamConnection>> quoteSubscribers = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamConnection>> ohlcSubscribers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> streamedQuotes = new ConcurrentHashMap<>();
    private final Set<String> silencedEpics = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong malformedFramesSent = new AtomicLong();
    private final AtomicLong quotesDroppedForSlowConsumers = new AtomicLong();
    private long idleTimerId = -1;

    StreamingHub(CapitalComSimulatorConfig config, SessionRegistry sessions, Map<String, SimulatedInstrument> instruments,
            LatencyProbe probe) {
        this.config = config;
        this.clock = config.clock();
        this.sessions = sessions;
        this.instruments = instruments;
        this.probe = probe;
        for (String epic : instruments.keySet()) {
            quoteSubscribers.put(epic, ConcurrentHashMap.newKeySet());
            ohlcSubscribers.put(epic, ConcurrentHashMap.newKeySet());
            streamedQuotes.put(epic, new AtomicLong());
        }
    }

    void start(Vertx vertx) {
        idleTimerId = vertx.setPeriodic(IDLE_CHECK_PERIOD_MILLIS, ignored -> closeIdleConnections());
    }

    void stop(Vertx vertx) {
        if (idleTimerId >= 0) {
            vertx.cancelTimer(idleTimerId);
        }
        connections.forEach(connection -> connection.closeGracefully((short) 1001, "simulator stopping"));
    }

    /** Must be called on the socket's event loop, right after the upgrade. */
    void accept(ServerWebSocket socket, HttpConnection connection) {
        StreamConnection stream = new StreamConnection(socket, connection, Vertx.currentContext(), clock.instant());
        connections.add(stream);
        accepted.incrementAndGet();
        socket.textMessageHandler(text -> onFrame(stream, text));
        socket.exceptionHandler(error -> LOG.log(System.Logger.Level.DEBUG, "streaming socket error: " + error));
        socket.closeHandler(ignored -> forget(stream));
    }

    private void forget(StreamConnection stream) {
        stream.markClosed();
        connections.remove(stream);
        quoteSubscribers.values().forEach(subscribers -> subscribers.remove(stream));
        ohlcSubscribers.values().forEach(subscribers -> subscribers.remove(stream));
    }

    // ---------------------------------------------------------------- inbound frames

    private void onFrame(StreamConnection stream, String text) {
        if (stream.frozen) {
            return;
        }
        stream.lastClientFrameAt = clock.instant();
        JsonNode frame;
        try {
            frame = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            reply(stream, Reply.error(null, null, "error.malformed.request"));
            return;
        }
        String destination = Json.text(frame, "destination");
        String correlationId = Json.text(frame, "correlationId");
        try {
            stream.session = sessions.authenticate(Json.text(frame, "cst"), Json.text(frame, "securityToken"));
        } catch (ApiError e) {
            reply(stream, Reply.error(destination, correlationId, "error.invalid.session.token"));
            return;
        }
        JsonNode payload = frame.path("payload");
        Reply answer = switch (String.valueOf(destination)) {
            case "ping" -> Reply.ok("ping", correlationId, Map.of());
            case "marketData.subscribe" -> subscribeQuotes(stream, correlationId, payload);
            case "marketData.unsubscribe" -> unsubscribeQuotes(stream, correlationId, payload);
            case "OHLCMarketData.subscribe" -> subscribeBars(stream, correlationId, payload);
            case "OHLCMarketData.unsubscribe" -> unsubscribeBars(stream, correlationId, payload);
            default -> Reply.error(destination, correlationId, "error.invalid.destination");
        };
        reply(stream, answer);
    }

    private Reply subscribeQuotes(StreamConnection stream, String correlationId, JsonNode payload) {
        String destination = "marketData.subscribe";
        List<String> epics = textList(payload.get("epics"));
        if (epics.isEmpty()) {
            return Reply.error(destination, correlationId, "error.null.epics");
        }
        long added = epics.stream().distinct().filter(epic -> !stream.quoteEpics.contains(epic)).count();
        if (stream.subscribedEpicCount() + added > config.maxEpicsPerStream()) {
            return Reply.error(destination, correlationId, "error.too-many.epics");
        }
        Map<String, String> subscriptions = new LinkedHashMap<>();
        for (String epic : epics) {
            if (instruments.containsKey(epic)) {
                stream.quoteEpics.add(epic);
                quoteSubscribers.get(epic).add(stream);
                subscriptions.put(epic, "PROCESSED");
            } else {
                subscriptions.put(epic, "NOT_FOUND");
            }
        }
        return Reply.ok(destination, correlationId, Map.of("subscriptions", subscriptions));
    }

    private Reply unsubscribeQuotes(StreamConnection stream, String correlationId, JsonNode payload) {
        Map<String, String> subscriptions = new LinkedHashMap<>();
        for (String epic : textList(payload.get("epics"))) {
            stream.quoteEpics.remove(epic);
            Set<StreamConnection> subscribers = quoteSubscribers.get(epic);
            if (subscribers != null) {
                subscribers.remove(stream);
            }
            subscriptions.put(epic, "PROCESSED");
        }
        return Reply.ok("marketData.unsubscribe", correlationId, Map.of("subscriptions", subscriptions));
    }

    private Reply subscribeBars(StreamConnection stream, String correlationId, JsonNode payload) {
        String destination = "OHLCMarketData.subscribe";
        List<String> epics = textList(payload.get("epics"));
        if (epics.isEmpty()) {
            return Reply.error(destination, correlationId, "error.null.epics");
        }
        if (epics.size() > config.maxEpicsPerStream()) {
            return Reply.error(destination, correlationId, "error.too-many.epics");
        }
        String type = payload.hasNonNull("type") ? payload.get("type").asText() : "classic";
        Set<PriceResolution> resolutions;
        try {
            resolutions = resolutions(payload.get("resolutions"));
        } catch (ApiError e) {
            return Reply.error(destination, correlationId, e.errorCode);
        }
        Map<String, String> subscriptions = new LinkedHashMap<>();
        for (String epic : epics) {
            for (PriceResolution resolution : resolutions) {
                String key = epic + ":" + resolution + ":" + type;
                if (!instruments.containsKey(epic)) {
                    subscriptions.put(key, "NOT_FOUND");
                } else if (!"classic".equals(type)) {
                    // Heikin-ashi bars are not simulated; say so instead of sending classic bars under that name.
                    subscriptions.put(key, "NOT_SUPPORTED");
                } else {
                    stream.ohlcSubscriptions.add(new OhlcSubscription(epic, resolution));
                    ohlcSubscribers.get(epic).add(stream);
                    subscriptions.put(key, "PROCESSED");
                }
            }
        }
        return Reply.ok(destination, correlationId, Map.of("subscriptions", subscriptions));
    }

    private Reply unsubscribeBars(StreamConnection stream, String correlationId, JsonNode payload) {
        String destination = "OHLCMarketData.unsubscribe";
        Set<PriceResolution> resolutions;
        try {
            resolutions = payload.has("resolutions") ? resolutions(payload.get("resolutions")) : EnumSet.allOf(PriceResolution.class);
        } catch (ApiError e) {
            return Reply.error(destination, correlationId, e.errorCode);
        }
        Map<String, String> subscriptions = new LinkedHashMap<>();
        for (String epic : textList(payload.get("epics"))) {
            for (PriceResolution resolution : resolutions) {
                OhlcSubscription subscription = new OhlcSubscription(epic, resolution);
                if (stream.ohlcSubscriptions.remove(subscription)) {
                    subscriptions.put(subscription.key(), "PROCESSED");
                }
            }
            if (stream.ohlcSubscriptions.stream().noneMatch(subscription -> subscription.epic().equals(epic))) {
                Set<StreamConnection> subscribers = ohlcSubscribers.get(epic);
                if (subscribers != null) {
                    subscribers.remove(stream);
                }
            }
        }
        return Reply.ok(destination, correlationId, Map.of("subscriptions", subscriptions));
    }

    private static Set<PriceResolution> resolutions(JsonNode node) {
        List<String> names = textList(node);
        if (names.isEmpty()) {
            return EnumSet.of(PriceResolution.MINUTE);
        }
        Set<PriceResolution> resolutions = EnumSet.noneOf(PriceResolution.class);
        for (String name : names) {
            resolutions.add(PriceResolution.parse(name));
        }
        return resolutions;
    }

    private static List<String> textList(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(element -> values.add(element.asText()));
        }
        return values;
    }

    private void reply(StreamConnection stream, Reply reply) {
        stream.write(Json.write(reply), StreamConnection.WriteListener.NONE);
    }

    /** Every frame the simulator sends: request answers, quotes and bars share this envelope. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reply(String status, String destination, String correlationId, Object payload) {
        static Reply ok(String destination, String correlationId, Object payload) {
            return new Reply("OK", destination, correlationId, payload);
        }

        static Reply error(String destination, String correlationId, String errorCode) {
            return new Reply("ERROR", destination, correlationId, Map.of("errorCode", errorCode));
        }
    }

    // ---------------------------------------------------------------- outbound market data

    record QuotePayload(String epic, String product, BigDecimal bid, BigDecimal bidQty, BigDecimal ofr, BigDecimal ofrQty,
            long timestamp) {
    }

    record BarPayload(String resolution, String epic, String type, String priceType, long t, BigDecimal h, BigDecimal l,
            BigDecimal o, BigDecimal c) {
    }

    /**
     * Fans a freshly generated quote out to its subscribers. Quotes are numbered per epic only when somebody receives them,
     * so the numbering matches what a single subscriber counts: the latency probe relies on it.
     */
    void publish(SimulatedInstrument instrument, SimulatedQuote quote) {
        String epic = quote.epic();
        if (silencedEpics.contains(epic)) {
            return;
        }
        Set<StreamConnection> subscribers = quoteSubscribers.get(epic);
        if (!subscribers.isEmpty()) {
            long sequence = streamedQuotes.get(epic).incrementAndGet();
            String frame = Json.write(Reply.ok("quote", null, new QuotePayload(epic, "CFD", quote.bid(), quote.bidQty(),
                    quote.ofr(), quote.ofrQty(), quote.timestamp().toEpochMilli())));
            StreamConnection.WriteListener listener = (nanos, written) -> {
                if (written) {
                    probe.quoteWritten(epic, sequence, nanos);
                } else {
                    quotesDroppedForSlowConsumers.incrementAndGet();
                }
            };
            for (StreamConnection stream : subscribers) {
                stream.write(frame, listener);
            }
        }
        Set<StreamConnection> barSubscribers = ohlcSubscribers.get(epic);
        if (!barSubscribers.isEmpty()) {
            publishBars(instrument, barSubscribers);
        }
    }

    private void publishBars(SimulatedInstrument instrument, Set<StreamConnection> subscribers) {
        Map<PriceResolution, List<String>> framesByResolution = new LinkedHashMap<>();
        for (StreamConnection stream : subscribers) {
            for (OhlcSubscription subscription : stream.ohlcSubscriptions) {
                if (!subscription.epic().equals(instrument.spec.epic())) {
                    continue;
                }
                List<String> frames = framesByResolution.computeIfAbsent(subscription.resolution(),
                        resolution -> barFrames(instrument, resolution));
                frames.forEach(frame -> stream.write(frame, StreamConnection.WriteListener.NONE));
            }
        }
    }

    private static List<String> barFrames(SimulatedInstrument instrument, PriceResolution resolution) {
        PriceBar bar = instrument.formingBar(resolution);
        if (bar == null) {
            return List.of();
        }
        InstrumentSpec spec = instrument.spec;
        long start = bar.start().toEpochMilli();
        String epic = spec.epic();
        BarPayload bid = new BarPayload(resolution.name(), epic, "classic", "bid", start, spec.fromTicks(bar.highBid),
                spec.fromTicks(bar.lowBid), spec.fromTicks(bar.openBid), spec.fromTicks(bar.closeBid));
        BarPayload ask = new BarPayload(resolution.name(), epic, "classic", "ask", start, spec.fromTicks(bar.highAsk),
                spec.fromTicks(bar.lowAsk), spec.fromTicks(bar.openAsk), spec.fromTicks(bar.closeAsk));
        return List.of(Json.write(Reply.ok("ohlc.event", null, bid)), Json.write(Reply.ok("ohlc.event", null, ask)));
    }

    // ---------------------------------------------------------------- faults and housekeeping

    void setStreaming(String epic, boolean enabled) {
        requireKnown(epic);
        if (enabled) {
            silencedEpics.remove(epic);
        } else {
            silencedEpics.add(epic);
        }
    }

    void resumeAllStreaming() {
        silencedEpics.clear();
    }

    /** Drops every open streaming socket; new connections are accepted normally. */
    int dropAll(StreamDropMode mode) {
        int count = 0;
        for (StreamConnection stream : connections) {
            count++;
            dropped.incrementAndGet();
            switch (mode) {
                case ABRUPT -> stream.closeAbruptly();
                case GRACEFUL -> stream.closeGracefully((short) 1001, "dropped by simulator");
                case FREEZE -> stream.frozen = true;
            }
        }
        return count;
    }

    int sendMalformedFrame(String text) {
        String frame = text == null ? DEFAULT_MALFORMED_FRAME : text;
        int count = 0;
        for (StreamConnection stream : connections) {
            stream.write(frame, StreamConnection.WriteListener.NONE);
            malformedFramesSent.incrementAndGet();
            count++;
        }
        return count;
    }

    /** Capital.com drops the stream when the account is switched. */
    void closeConnectionsOf(Session session) {
        for (StreamConnection stream : connections) {
            if (stream.session == session) {
                stream.closeGracefully((short) 1000, "account switched");
            }
        }
    }

    private void closeIdleConnections() {
        Instant deadline = clock.instant().minus(config.streamIdleTimeout());
        for (StreamConnection stream : connections) {
            if (!stream.frozen && stream.lastClientFrameAt.isBefore(deadline)) {
                stream.closeGracefully((short) 1000, "idle");
            }
        }
    }

    private void requireKnown(String epic) {
        if (!instruments.containsKey(epic)) {
            throw new IllegalArgumentException("unknown epic " + epic);
        }
    }

    int openConnections() {
        return connections.size();
    }

    long accepted() {
        return accepted.get();
    }

    long dropped() {
        return dropped.get();
    }

    long malformedFramesSent() {
        return malformedFramesSent.get();
    }

    long quotesDroppedForSlowConsumers() {
        return quotesDroppedForSlowConsumers.get();
    }

    Map<String, Long> streamedQuotes() {
        Map<String, Long> counts = new LinkedHashMap<>();
        instruments.keySet().forEach(epic -> counts.put(epic, streamedQuotes.get(epic).get()));
        return counts;
    }
}
