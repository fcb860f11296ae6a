package io.tickflow.marketsources.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tickflow.events.Bar;
import io.tickflow.events.Tick;
import io.tickflow.marketsources.InputChecks;
import io.tickflow.marketsources.InvalidInputException;
import io.tickflow.marketsources.MarketDataSource;
import io.tickflow.marketsources.PolygonSymbol;
import io.tickflow.marketsources.RejectReason;
import io.tickflow.marketsources.RejectedInput;
import io.tickflow.marketsources.SourceEvent;
import io.tickflow.marketsources.SourceHealth;
import io.tickflow.marketsources.SourceOutput;
import io.tickflow.marketsources.SourceState;
import io.tickflow.marketsources.SymbolMap;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.WebSocket;
import io.vertx.mutiny.core.http.WebSocketClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polygon.io / Massive crypto streaming ({@code wss://socket.massive.com/crypto}) with the resilience the protocol leaves
 * to clients:
 * <ul>
 *   <li><b>One connection</b> for every instrument: Massive allows one socket per cluster and account, and a second one
 *       gets {@code max_connections}.</li>
 *   <li>{@code auth} right after connecting, subscriptions only after {@code auth_success}; {@code auth_failed} is reported
 *       ({@link #connected()} fails with {@link PolygonAuthException}, health AUTH_FAILED) and retried only after
 *       {@code authRetryDelay}.</li>
 *   <li><b>Reconnects</b> with exponential backoff and jitter after any disconnect: network failures, Massive's periodic
 *       forced disconnects, {@code max_connections}; after reconnecting it authenticates again and re-subscribes every
 *       instrument.</li>
 *   <li>WebSocket pings every {@code pingInterval}; nothing at all (not even a pong) for {@code silenceTimeout} means a
 *       half-open socket, which is replaced. A connected socket that merely carries no data is left alone: that is market
 *       staleness, judged by the service on {@link SourceHealth#lastMessageAt()}.</li>
 *   <li><b>Bad input</b> (not JSON, NaN or non-positive prices, crossed quotes, timestamps out of range, unknown pairs,
 *       inconsistent bars) is dropped, counted per {@link RejectReason} and published on {@link #rejections()}; the
 *       connection stays up and the good events of the same message still go through.</li>
 * </ul>
 * XQ quotes become {@link Tick}s; XT trades become ticks carrying {@code last}/{@code lastSize} on the latest quote's
 * bid/ask (a trade before any quote has no book to sit on and is skipped, see {@link #tradesWithoutQuote()}); XA/XAS become
 * one-minute/one-second {@link Bar}s of trade prices. All carry source {@code polygon}, the exchange time as
 * {@code eventTime} and our receive time as {@code ingestTime}. Streams are hot and emitted on Vert.x event-loop threads.
 */
public final class PolygonStreamingClient implements MarketDataSource {

    private static final System.Logger LOG = System.getLogger(PolygonStreamingClient.class.getName());

    private final Vertx vertx;
    private final SymbolMap symbols;
    private final PolygonStreamingConfig config;
    private final PolygonDecoder decoder;
    private final SourceOutput output;
    private final WebSocketClient webSockets;
    private final CompletableFuture<Void> firstAuthentication = new CompletableFuture<>();
    private final AtomicLong tradesWithoutQuote = new AtomicLong();
    /** The latest valid quote per instrument (sockets of successive connections may live on different loops). */
    private final Map<String, PolygonDecoder.Quote> latestQuotes = new ConcurrentHashMap<>();
    // Connection state, guarded by this.
    private final Set<String> wanted = new LinkedHashSet<>();
    private WebSocket socket;
    private boolean connecting;
    private boolean authenticated;
    private boolean acknowledgedOnThisSocket;
    private boolean subscribedBefore;
    private boolean authRefused;
    private int failedAttempts;
    private long lastFrameNanos;
    private long pingTimer = -1;
    private long watchdogTimer = -1;
    private long reconnectTimer = -1;
    private boolean reconnectScheduled;
    private volatile Set<String> subscribedInstruments = Set.of();
    private volatile boolean closed;

    public PolygonStreamingClient(Vertx vertx, SymbolMap symbols, PolygonStreamingConfig config) {
        this.vertx = vertx;
        this.symbols = symbols;
        this.config = config;
        this.decoder = new PolygonDecoder(symbols, config.maxFutureSkew(), config.maxAge());
        this.output = new SourceOutput(PolygonDecoder.SOURCE, config.clock());
        this.webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setTcpNoDelay(true)
                // A frozen peer never answers our close frame: give up on the closing handshake quickly.
                .setClosingTimeout(1));
    }

    @Override
    public String name() {
        return PolygonDecoder.SOURCE;
    }

    /**
     * Streams {@code instruments} (instrument ids, e.g. BTCUSD): each must have a crypto pair in the symbol map. Opens the
     * connection if none is open, otherwise subscribes the new ones on it. Call it again to add instruments.
     *
     * @throws IllegalArgumentException naming the setting, for an instrument without a Polygon crypto mapping
     */
    public synchronized void subscribe(Set<String> instruments) {
        for (String instrument : instruments) {
            PolygonSymbol symbol = symbols.polygon(instrument).orElseThrow(() -> new IllegalArgumentException(
                    SymbolMap.POLYGON_SETTING + "." + instrument + " is not set: no Polygon symbol for " + instrument));
            if (!(symbol instanceof PolygonSymbol.Crypto)) {
                throw new IllegalArgumentException(SymbolMap.POLYGON_SETTING + "." + instrument + " maps to " + symbol
                        + ", but this client streams the crypto cluster only");
            }
        }
        List<String> added = instruments.stream().filter(wanted::add).sorted().toList();
        subscribedInstruments = Set.copyOf(wanted);
        if (closed || added.isEmpty()) {
            return;
        }
        if (socket == null && !reconnectScheduled) {
            connect(); // during an outage the scheduled reconnect picks the new instruments up: no backoff bypass
        } else if (authenticated) {
            send("subscribe", params(added));
        }
    }

    /** Stops streaming {@code instruments}; the connection stays open for the others. */
    public synchronized void unsubscribe(Set<String> instruments) {
        List<String> removed = instruments.stream().filter(wanted::remove).sorted().toList();
        subscribedInstruments = Set.copyOf(wanted);
        if (!removed.isEmpty() && authenticated) {
            send("unsubscribe", params(removed));
        }
    }

    /**
     * Completes when the first connection has authenticated; fails with {@link PolygonAuthException} when the first
     * {@code auth} is refused (the client keeps retrying slowly in the background either way).
     */
    public Uni<Void> connected() {
        return Uni.createFrom().completionStage(firstAuthentication);
    }

    @Override
    public Multi<Tick> ticks() {
        return output.ticks();
    }

    @Override
    public Multi<Bar> bars() {
        return output.bars();
    }

    @Override
    public Multi<SourceEvent> events() {
        return output.events();
    }

    @Override
    public SourceHealth health() {
        return output.health();
    }

    @Override
    public Multi<RejectedInput> rejections() {
        return output.rejections().stream();
    }

    @Override
    public Map<RejectReason, Long> rejectionCounts() {
        return output.rejections().counts();
    }

    /** Trades that arrived before any quote of their instrument (no bid/ask to put them on), skipped. */
    public long tradesWithoutQuote() {
        return tradesWithoutQuote.get();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            vertx.cancelTimer(reconnectTimer);
            WebSocket current = socket;
            detach();
            if (current != null) {
                current.closeAndForget();
            }
        }
        firstAuthentication.completeExceptionally(new IllegalStateException("Polygon client closed"));
        output.close();
        webSockets.close().subscribe().with(ignored -> { }, failure -> { });
    }

    // ---------------------------------------------------------------- connection

    private void connect() {
        if (closed || connecting || socket != null || wanted.isEmpty()) {
            return;
        }
        connecting = true;
        output.state(output.state() == SourceState.AUTH_FAILED ? SourceState.AUTH_FAILED : SourceState.CONNECTING, null);
        webSockets.connect(new WebSocketConnectOptions()
                        .setAbsoluteURI(config.url().toString())
                        .setConnectTimeout(config.connectTimeout().toMillis()))
                .subscribe().with(this::onOpen, this::onConnectFailure);
    }

    private synchronized void onOpen(WebSocket opened) {
        connecting = false;
        if (closed) {
            opened.closeAndForget();
            return;
        }
        socket = opened;
        authenticated = false;
        acknowledgedOnThisSocket = false;
        lastFrameNanos = System.nanoTime();
        opened.textMessageHandler(text -> onMessage(opened, text));
        opened.pongHandler(ignored -> onPong(opened));
        opened.exceptionHandler(failure -> LOG.log(System.Logger.Level.DEBUG, "polygon socket: " + failure));
        opened.closeHandler(() -> onClosed(opened, closeReason(opened)));
        output.event(SourceEvent.Type.CONNECTED, config.url().toString());
        pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), ignored -> ping(opened));
        long watchdogPeriod = Math.max(50, Math.min(1000, config.silenceTimeout().toMillis() / 4));
        watchdogTimer = vertx.setPeriodic(watchdogPeriod, ignored -> checkSilence(opened));
        // Massive: "After you connect, send your API key in an auth message". Never log this message.
        ObjectNode auth = InputChecks.MAPPER.createObjectNode().put("action", "auth").put("params", config.apiKey());
        opened.writeTextMessageAndForget(auth.toString());
    }

    private synchronized void onConnectFailure(Throwable failure) {
        connecting = false;
        output.state(authRefused ? SourceState.AUTH_FAILED : SourceState.DISCONNECTED, "connect failed: " + failure.getMessage());
        long delay = scheduleReconnect();
        output.event(SourceEvent.Type.ERROR, "connect to " + config.url() + " failed (" + failure.getMessage()
                + "), retrying in " + delay + " ms");
    }

    private synchronized void onClosed(WebSocket closedSocket, String reason) {
        if (socket != closedSocket) {
            return; // a socket we already gave up on
        }
        detach();
        if (closed) {
            return;
        }
        output.state(authRefused ? SourceState.AUTH_FAILED : SourceState.DISCONNECTED, "disconnected: " + reason);
        long delay = scheduleReconnect();
        output.event(SourceEvent.Type.DISCONNECTED, reason + ", reconnecting in " + delay + " ms");
    }

    private void detach() {
        socket = null;
        authenticated = false;
        vertx.cancelTimer(pingTimer);
        vertx.cancelTimer(watchdogTimer);
    }

    /** Returns the delay in ms, or -1 when closed. After a refused key it is {@code authRetryDelay}, else the backoff. */
    private long scheduleReconnect() {
        if (closed) {
            return -1;
        }
        long delay = authRefused ? config.authRetryDelay().toMillis() : config.backoff().delayMillis(failedAttempts);
        failedAttempts++;
        output.countReconnect();
        vertx.cancelTimer(reconnectTimer);
        reconnectScheduled = true;
        reconnectTimer = vertx.setTimer(delay, ignored -> {
            synchronized (this) {
                reconnectScheduled = false;
                connect();
            }
        });
        return delay;
    }

    private void ping(WebSocket current) {
        if (!current.isClosed()) {
            current.writePingAndForget(Buffer.buffer("tickflow"));
        }
    }

    private synchronized void onPong(WebSocket current) {
        if (socket == current) {
            lastFrameNanos = System.nanoTime();
        }
    }

    private synchronized void checkSilence(WebSocket current) {
        if (socket != current || System.nanoTime() - lastFrameNanos < config.silenceTimeout().toNanos()) {
            return;
        }
        detach();
        current.closeAndForget();
        output.state(SourceState.DISCONNECTED, "silent for " + config.silenceTimeout());
        long delay = scheduleReconnect();
        output.event(SourceEvent.Type.SILENCE, "nothing received for " + config.silenceTimeout() + ", reconnecting in "
                + delay + " ms");
    }

    private static String closeReason(WebSocket closedSocket) {
        Short code = closedSocket.closeStatusCode();
        String reason = closedSocket.closeReason();
        return code == null ? "connection lost" : "closed by server (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")";
    }

    // ---------------------------------------------------------------- inbound

    private void onMessage(WebSocket from, String text) {
        Instant now = config.clock().instant();
        synchronized (this) {
            if (socket != from) {
                return;
            }
            lastFrameNanos = System.nanoTime();
        }
        JsonNode message;
        try {
            message = InputChecks.parse(text);
        } catch (InvalidInputException e) {
            output.rejections().reject(e, text);
            return;
        }
        // Massive always sends arrays; a lone object is accepted as an array of one.
        if (message.isArray()) {
            message.forEach(event -> onEvent(event, now));
        } else {
            onEvent(message, now);
        }
    }

    private void onEvent(JsonNode event, Instant now) {
        try {
            if (!event.isObject()) {
                throw new InvalidInputException(RejectReason.MALFORMED_FRAME, "event is not an object");
            }
            String ev = InputChecks.text(event, "ev");
            Set<String> subscribed = subscribedInstruments;
            switch (ev) {
                case "status" -> onStatus(InputChecks.text(event, "status"), event.path("message").asText(""));
                case "XQ" -> {
                    PolygonDecoder.Quote quote = decoder.quote(event, subscribed);
                    Tick tick = decoder.quoteTick(quote, event, now);
                    latestQuotes.put(quote.instrument(), quote);
                    output.tick(tick);
                }
                case "XT" -> {
                    String pair = event.path("pair").asText("");
                    PolygonDecoder.Quote latest = symbols.instrumentOfPolygonPair(pair).map(latestQuotes::get).orElse(null);
                    Tick tick = decoder.tradeTick(event, subscribed, latest, now);
                    if (tick == null) {
                        tradesWithoutQuote.incrementAndGet();
                    } else {
                        output.tick(tick);
                    }
                }
                case "XA" -> output.bar(decoder.aggregate(event, PolygonChannel.XA, subscribed, now));
                case "XAS" -> output.bar(decoder.aggregate(event, PolygonChannel.XAS, subscribed, now));
                default -> throw new InvalidInputException(RejectReason.UNKNOWN_EVENT, "event type " + ev);
            }
        } catch (InvalidInputException e) {
            output.rejections().reject(e, event.toString());
        }
    }

    private synchronized void onStatus(String status, String message) {
        switch (status) {
            case "connected" -> LOG.log(System.Logger.Level.DEBUG, "polygon: {0}", message);
            case "auth_success" -> {
                authenticated = true;
                authRefused = false;
                output.state(SourceState.CONNECTED, null);
                output.event(SourceEvent.Type.AUTHENTICATED, message);
                firstAuthentication.complete(null);
                if (!wanted.isEmpty()) {
                    send("subscribe", params(wanted));
                }
            }
            case "auth_failed" -> {
                authRefused = true;
                output.state(SourceState.AUTH_FAILED, "auth_failed: " + message);
                output.event(SourceEvent.Type.AUTH_FAILED, message + " (retrying in " + config.authRetryDelay() + ")");
                firstAuthentication.completeExceptionally(new PolygonAuthException(message));
                closeCurrent();
            }
            case "max_connections" -> {
                output.state(SourceState.DISCONNECTED, "max_connections: " + message);
                output.event(SourceEvent.Type.MAX_CONNECTIONS, message);
                closeCurrent();
            }
            case "success" -> {
                if (!acknowledgedOnThisSocket && message.startsWith("subscribed to")) {
                    acknowledgedOnThisSocket = true;
                    failedAttempts = 0;
                    output.event(subscribedBefore ? SourceEvent.Type.RESUBSCRIBED : SourceEvent.Type.SUBSCRIBED,
                            String.join(",", wanted));
                    subscribedBefore = true;
                }
            }
            default -> output.event(SourceEvent.Type.ERROR, status + ": " + message);
        }
    }

    /** The server closes after a refusal; we close too, so a server that does not still gets a reconnect. */
    private void closeCurrent() {
        WebSocket current = socket;
        if (current == null) {
            return;
        }
        String reason = authRefused ? "auth_failed" : "max_connections";
        onClosed(current, reason);
        current.closeAndForget();
    }

    // ---------------------------------------------------------------- outbound

    /** {@code XQ.BTC-USD,XT.BTC-USD,XA.BTC-USD}: every configured channel for every instrument, documented pair format. */
    private String params(Collection<String> instruments) {
        List<String> params = new ArrayList<>();
        for (String instrument : instruments) {
            String pair = symbols.polygonCrypto(instrument).orElseThrow().pair();
            config.channels().stream().sorted().forEach(channel -> params.add(channel.name() + "." + pair));
        }
        return String.join(",", params);
    }

    private void send(String action, String params) {
        WebSocket current = socket;
        if (current == null || params.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "polygon: {0} {1}", action, params);
        current.writeTextMessageAndForget(InputChecks.MAPPER.createObjectNode().put("action", action).put("params", params)
                .toString());
    }
}
