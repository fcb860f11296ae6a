package io.tickflow.capital;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Context;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.WebSocket;
import io.vertx.mutiny.core.http.WebSocketClient;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capital.com market-data streaming ({@code wss://.../connect}) with the resilience the raw protocol lacks.
 *
 * <ul>
 *   <li>Connects to the session's {@code streamingHost + "connect"} (or {@link StreamingConfig#overrideUrl()}), at most
 *       {@code maxEpicsPerSocket} (40) epics per socket, more sockets when needed.</li>
 *   <li>Pings every {@code pingInterval}; a socket that stays silent (not even a ping answer) for {@code silenceTimeout} is
 *       treated as dead (half-open sockets exist).</li>
 *   <li>Reconnects with exponential backoff and jitter, and re-subscribes every epic of the socket after reconnecting.</li>
 *   <li>When the stream answers {@code error.invalid.session.token} it takes fresh tokens from the {@link CapitalComClient}
 *       (which logs in again through its login gate) and re-sends the subscription.</li>
 *   <li>Malformed frames are ignored and counted.</li>
 * </ul>
 * Quotes and events are hot streams emitted on Vert.x event-loop threads: consumers must not block.
 */
public final class CapitalComStreamingClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CapitalComStreamingClient.class.getName());
    /** Slack for subscribers with bounded demand; an unbounded subscriber (the usual case) never uses it. */
    private static final int QUOTE_BUFFER = 16_384;

    private final Vertx vertx;
    private final CapitalComClient rest;
    private final StreamingConfig config;
    private final WebSocketClient webSockets;
    private final BroadcastProcessor<Quote> quoteProcessor = BroadcastProcessor.create();
    private final BroadcastProcessor<OhlcEvent> ohlcProcessor = BroadcastProcessor.create();
    /** Bar resolutions of every OHLC subscription (Capital.com names), the same on every socket. */
    private final Set<String> ohlcResolutions = new CopyOnWriteArraySet<>();
    private final BroadcastProcessor<StreamEvent> eventProcessor = BroadcastProcessor.create();
    private final List<StreamSocket> sockets = new CopyOnWriteArrayList<>();
    /** Events are delivered from this one context, in order, and never while a socket's lock is held. */
    private final Context eventContext;
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLong quotesReceived = new AtomicLong();
    private volatile boolean closed;

    public CapitalComStreamingClient(Vertx vertx, CapitalComClient rest, StreamingConfig config) {
        this.vertx = vertx;
        this.rest = rest;
        this.config = config;
        this.eventContext = vertx.getDelegate().getOrCreateContext();
        this.webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setTcpNoDelay(true)
                // A frozen peer never answers our close frame: give up on the handshake quickly.
                .setClosingTimeout(1));
    }

    /**
     * Quotes for {@code epics}. Subscribing to the returned Multi subscribes the epics on the broker (opening sockets as
     * needed); they stay subscribed until {@link #unsubscribe} or {@link #close}, and every subscriber sees the same hot
     * stream from the moment it subscribes.
     */
    public Multi<Quote> quotes(Set<String> epics) {
        Set<String> wanted = Set.copyOf(epics);
        return quoteProcessor
                .filter(quote -> wanted.contains(quote.epic()))
                .onSubscription().invoke(() -> subscribe(wanted))
                .onOverflow().buffer(QUOTE_BUFFER);
    }

    /**
     * Capital.com's OHLC bars of {@code epics} in {@code resolutions} (MINUTE, MINUTE_5, ..., WEEK), bid and ask as
     * separate events ({@link OhlcPairer} joins them). The epics are streamed on the same sockets as quotes (their quotes
     * are subscribed too) and their bars are subscribed again after every reconnect, like quotes.
     */
    public Multi<OhlcEvent> ohlcBars(Set<String> epics, Set<String> resolutions) {
        Set<String> wanted = Set.copyOf(epics);
        Set<String> wantedResolutions = Set.copyOf(resolutions);
        if (wanted.isEmpty() || wantedResolutions.isEmpty()) {
            throw new IllegalArgumentException("OHLC bars need at least one epic and one resolution");
        }
        return ohlcProcessor
                .filter(bar -> wanted.contains(bar.epic()) && wantedResolutions.contains(bar.resolution()))
                .onSubscription().invoke(() -> subscribeOhlc(wanted, wantedResolutions))
                .onOverflow().buffer(QUOTE_BUFFER);
    }

    /** Connection lifecycle events, for health checks and metrics (dropped for subscribers that do not keep up). */
    public Multi<StreamEvent> events() {
        return eventProcessor.onOverflow().drop();
    }

    /** Stops streaming {@code epics}. */
    public synchronized void unsubscribe(Set<String> epics) {
        for (StreamSocket socket : sockets) {
            socket.remove(epics);
        }
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    public long quotesReceived() {
        return quotesReceived.get();
    }

    /** Sockets currently open. */
    public int connectedSockets() {
        return (int) sockets.stream().filter(StreamSocket::isOpen).count();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            sockets.forEach(StreamSocket::shutdown);
        }
        synchronized (quoteProcessor) {
            quoteProcessor.onComplete();
        }
        synchronized (ohlcProcessor) {
            ohlcProcessor.onComplete();
        }
        eventContext.runOnContext(ignored -> {
            synchronized (eventProcessor) {
                eventProcessor.onComplete();
            }
        });
        webSockets.close().subscribe().with(ignored -> { }, failure -> { });
    }

    /** Assigns new epics to sockets with room (opening new sockets beyond 40 each) and subscribes them. */
    private synchronized void subscribe(Set<String> epics) {
        if (closed) {
            return;
        }
        List<String> unassigned = epics.stream().filter(epic -> sockets.stream().noneMatch(s -> s.has(epic))).sorted().toList();
        for (String epic : unassigned) {
            StreamSocket socket = sockets.stream().filter(StreamSocket::hasRoom).findFirst().orElseGet(() -> {
                StreamSocket opened = new StreamSocket(sockets.size());
                sockets.add(opened);
                return opened;
            });
            socket.add(epic);
        }
        sockets.forEach(StreamSocket::flushNewEpics);
    }

    /** Like {@link #subscribe}, then the bars of the epics on every socket that carries them. */
    private synchronized void subscribeOhlc(Set<String> epics, Set<String> resolutions) {
        if (closed) {
            return;
        }
        ohlcResolutions.addAll(resolutions);
        subscribe(epics);
        for (StreamSocket socket : sockets) {
            socket.addOhlc(epics);
        }
    }

    private void publish(OhlcEvent bar) {
        synchronized (ohlcProcessor) {
            ohlcProcessor.onNext(bar);
        }
    }

    private void publish(Quote quote) {
        quotesReceived.incrementAndGet();
        // Sockets live on different event loops; a processor must see one onNext at a time.
        synchronized (quoteProcessor) {
            quoteProcessor.onNext(quote);
        }
    }

    private void emit(StreamEvent.Type type, int socket, String detail) {
        if (type == StreamEvent.Type.ERROR || type == StreamEvent.Type.SILENCE) {
            LOG.log(System.Logger.Level.WARNING, "Capital.com stream #{0}: {1} {2}", socket, type, detail);
        } else {
            LOG.log(System.Logger.Level.DEBUG, "Capital.com stream #{0}: {1} {2}", socket, type, detail);
        }
        StreamEvent event = new StreamEvent(type, socket, detail, Instant.now());
        eventContext.runOnContext(ignored -> {
            synchronized (eventProcessor) {
                eventProcessor.onNext(event);
            }
        });
    }

    /**
     * One WebSocket and the epics it carries. State changes are synchronized on the socket; frames arrive on its event loop.
     */
    private final class StreamSocket {
        private final int index;
        private final Set<String> epics = new LinkedHashSet<>();
        private final Set<String> notYetSubscribed = new LinkedHashSet<>();
        /** Epics of this socket whose OHLC bars are subscribed (again after every reconnect). */
        private final Set<String> ohlcEpics = new LinkedHashSet<>();
        private final AtomicInteger correlation = new AtomicInteger();
        private volatile WebSocket socket;
        private boolean connecting;
        private boolean subscribedBefore;
        private boolean refreshingTokens;
        private int failedAttempts;
        private long lastFrameNanos;
        private long pingTimer = -1;
        private long watchdogTimer = -1;
        private SessionInfo tokensInUse;

        StreamSocket(int index) {
            this.index = index;
        }

        synchronized boolean has(String epic) {
            return epics.contains(epic);
        }

        synchronized boolean hasRoom() {
            return epics.size() < config.maxEpicsPerSocket();
        }

        boolean isOpen() {
            return socket != null;
        }

        synchronized void add(String epic) {
            epics.add(epic);
            notYetSubscribed.add(epic);
        }

        /** Subscribes epics added since the last call, connecting first if needed. */
        synchronized void flushNewEpics() {
            if (notYetSubscribed.isEmpty()) {
                return;
            }
            if (socket == null) {
                connect();
                return;
            }
            sendSubscription(List.copyOf(notYetSubscribed));
            notYetSubscribed.clear();
        }

        /** Subscribes the OHLC bars of those of {@code wanted} this socket carries (now if open, else on open). */
        synchronized void addOhlc(Set<String> wanted) {
            List<String> mine = wanted.stream().filter(epics::contains).filter(e -> !ohlcEpics.contains(e)).toList();
            if (mine.isEmpty()) {
                return;
            }
            ohlcEpics.addAll(mine);
            if (socket != null) {
                sendOhlcSubscription(mine);
            }
        }

        synchronized void remove(Set<String> removed) {
            List<String> mine = removed.stream().filter(epics::contains).toList();
            if (mine.isEmpty()) {
                return;
            }
            epics.removeAll(mine);
            notYetSubscribed.removeAll(mine);
            send("marketData.unsubscribe", epicsPayload(mine));
            List<String> bars = mine.stream().filter(ohlcEpics::remove).toList();
            if (!bars.isEmpty()) {
                send("OHLCMarketData.unsubscribe", epicsPayload(bars));
            }
        }

        private void connect() {
            if (closed || connecting || socket != null || epics.isEmpty()) {
                return;
            }
            connecting = true;
            rest.session()
                    .chain(session -> webSockets.connect(new WebSocketConnectOptions()
                            .setAbsoluteURI(streamUrl(session).toString())
                            .setConnectTimeout(config.connectTimeout().toMillis())))
                    .subscribe().with(this::onOpen, this::onConnectFailure);
        }

        private URI streamUrl(SessionInfo session) {
            if (config.overrideUrl() != null) {
                return config.overrideUrl();
            }
            String host = session.streamingHost();
            return URI.create(host.endsWith("/") ? host + "connect" : host + "/connect");
        }

        private synchronized void onOpen(WebSocket opened) {
            connecting = false;
            if (closed) {
                opened.closeAndForget();
                return;
            }
            socket = opened;
            lastFrameNanos = System.nanoTime();
            opened.textMessageHandler(this::onFrame);
            opened.exceptionHandler(failure -> LOG.log(System.Logger.Level.DEBUG, "stream #" + index + ": " + failure));
            opened.closeHandler(() -> onClosed(opened, "closed by peer"));
            emit(StreamEvent.Type.CONNECTED, index, String.valueOf(epics.size()) + " epics");
            pingTimer = vertx.setPeriodic(config.pingInterval().toMillis(), ignored -> ping());
            long watchdogPeriod = Math.max(50, Math.min(1000, config.silenceTimeout().toMillis() / 4));
            watchdogTimer = vertx.setPeriodic(watchdogPeriod, ignored -> checkSilence());
            notYetSubscribed.clear();
            sendSubscription(List.copyOf(epics));
            sendOhlcSubscription(List.copyOf(ohlcEpics));
        }

        private synchronized void onConnectFailure(Throwable failure) {
            connecting = false;
            long delay = scheduleReconnect();
            emit(StreamEvent.Type.ERROR, index, "connect failed (" + failure.getMessage() + "), retrying in " + delay + " ms");
        }

        private synchronized void onClosed(WebSocket closedSocket, String reason) {
            if (socket != closedSocket) {
                return; // an old socket we already gave up on
            }
            detach();
            long delay = scheduleReconnect();
            emit(StreamEvent.Type.DISCONNECTED, index, reason + ", reconnecting in " + delay + " ms");
        }

        private void detach() {
            socket = null;
            vertx.cancelTimer(pingTimer);
            vertx.cancelTimer(watchdogTimer);
        }

        /** Returns the delay, or -1 when the client is closed. */
        private long scheduleReconnect() {
            if (closed) {
                return -1;
            }
            long delay = backoffMillis(failedAttempts++);
            vertx.setTimer(delay, ignored -> {
                synchronized (this) {
                    connect();
                }
            });
            return delay;
        }

        /** {@code initialBackoff * 2^attempt}, capped, then spread by +/- jitter. */
        private long backoffMillis(int attempt) {
            double base = Math.min(config.maxBackoff().toMillis(), config.initialBackoff().toMillis() * Math.pow(2, Math.min(attempt, 20)));
            double spread = 1 + config.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            return Math.max(1, Math.round(base * spread));
        }

        private synchronized void checkSilence() {
            WebSocket current = socket;
            if (current == null || System.nanoTime() - lastFrameNanos < config.silenceTimeout().toNanos()) {
                return;
            }
            detach();
            current.closeAndForget();
            long delay = scheduleReconnect();
            emit(StreamEvent.Type.SILENCE, index, "nothing received for " + config.silenceTimeout() + ", reconnecting in "
                    + delay + " ms");
        }

        private void onFrame(String text) {
            long receivedNanos = System.nanoTime();
            synchronized (this) {
                lastFrameNanos = receivedNanos;
            }
            JsonNode frame;
            try {
                frame = CapitalComJson.parse(text);
            } catch (IllegalArgumentException e) {
                malformed(text);
                return;
            }
            String destination = CapitalComJson.text(frame, "destination");
            if ("quote".equals(destination)) {
                Quote quote = CapitalComJson.quote(frame.path("payload"), receivedNanos);
                if (quote == null) {
                    malformed(text);
                } else {
                    publish(quote);
                }
                return;
            }
            if ("ohlc.event".equals(destination)) {
                OhlcEvent bar = CapitalComJson.ohlc(frame.path("payload"));
                if (bar == null) {
                    malformed(text);
                } else {
                    publish(bar);
                }
                return;
            }
            if ("ERROR".equals(CapitalComJson.text(frame, "status"))) {
                onErrorFrame(destination, CapitalComJson.text(frame.path("payload"), "errorCode"));
                return;
            }
            if ("marketData.subscribe".equals(destination)) {
                onSubscribed(frame.path("payload").path("subscriptions"));
            }
        }

        private void malformed(String text) {
            malformedFrames.incrementAndGet();
            emit(StreamEvent.Type.MALFORMED_FRAME, index, text.length() > 80 ? text.substring(0, 80) + "..." : text);
        }

        private synchronized void onSubscribed(JsonNode subscriptions) {
            failedAttempts = 0;
            emit(subscribedBefore ? StreamEvent.Type.RESUBSCRIBED : StreamEvent.Type.SUBSCRIBED, index, subscriptions.toString());
            subscribedBefore = true;
        }

        private synchronized void onErrorFrame(String destination, String errorCode) {
            if (!"error.invalid.session.token".equals(errorCode)) {
                emit(StreamEvent.Type.ERROR, index, destination + ": " + errorCode);
                return;
            }
            if (refreshingTokens) {
                return;
            }
            refreshingTokens = true;
            rest.renewSession(tokensInUse).subscribe().with(fresh -> {
                synchronized (this) {
                    refreshingTokens = false;
                    emit(StreamEvent.Type.TOKEN_REFRESHED, index, "re-subscribing " + epics.size() + " epics");
                    sendSubscription(List.copyOf(epics));
                    sendOhlcSubscription(List.copyOf(ohlcEpics));
                }
            }, failure -> {
                synchronized (this) {
                    refreshingTokens = false;
                    emit(StreamEvent.Type.ERROR, index, "token refresh failed: " + failure.getMessage());
                }
            });
        }

        private void ping() {
            send("ping", null);
        }

        private void sendSubscription(Collection<String> subscribed) {
            if (!subscribed.isEmpty()) {
                send("marketData.subscribe", epicsPayload(subscribed));
            }
        }

        private void sendOhlcSubscription(Collection<String> subscribed) {
            if (subscribed.isEmpty() || ohlcResolutions.isEmpty()) {
                return;
            }
            ObjectNode payload = epicsPayload(subscribed);
            ArrayNode resolutions = payload.putArray("resolutions");
            ohlcResolutions.stream().sorted().forEach(resolutions::add);
            payload.put("type", "classic");
            send("OHLCMarketData.subscribe", payload);
        }

        private ObjectNode epicsPayload(Collection<String> list) {
            ObjectNode payload = CapitalComJson.MAPPER.createObjectNode();
            ArrayNode array = payload.putArray("epics");
            list.forEach(array::add);
            return payload;
        }

        /** Sends a request frame with the REST client's current tokens. */
        private synchronized void send(String destination, ObjectNode payload) {
            WebSocket current = socket;
            SessionInfo tokens = rest.currentSession().orElse(null);
            if (current == null || tokens == null) {
                return;
            }
            tokensInUse = tokens;
            ObjectNode frame = CapitalComJson.MAPPER.createObjectNode()
                    .put("destination", destination)
                    .put("correlationId", Integer.toString(correlation.incrementAndGet()))
                    .put("cst", tokens.cst())
                    .put("securityToken", tokens.securityToken());
            if (payload != null) {
                frame.set("payload", payload);
            }
            current.writeTextMessageAndForget(CapitalComJson.write(frame));
        }

        synchronized void shutdown() {
            WebSocket current = socket;
            detach();
            if (current != null) {
                current.closeAndForget();
            }
        }
    }
}
