package io.tickflow.simulators.polygon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Massive's WebSocket protocol on {@code /crypto}, as documented (massive.com/docs/websocket/crypto/*):
 * <ol>
 *   <li>on connect the server sends {@code [{"ev":"status","status":"connected","message":"Connected Successfully"}]};</li>
 *   <li>the client sends {@code {"action":"auth","params":"KEY"}} and gets {@code auth_success} ("authenticated") or
 *       {@code auth_failed};</li>
 *   <li>then {@code {"action":"subscribe","params":"XQ.BTC-USD,XT.BTC-USD"}}, each acknowledged with a {@code success}
 *       status "subscribed to: XQ.BTC-USD"; {@code unsubscribe} works the same way;</li>
 *   <li>events arrive as JSON arrays of {@code XQ}, {@code XT}, {@code XA}, {@code XAS} objects.</li>
 * </ol>
 * Choices where the behaviour is not documented (see shared/reference/market-apis.md), written down here so tests rely on
 * them knowingly:
 * <ul>
 *   <li>{@code auth_failed}, {@code auth_timeout} and {@code max_connections} are followed by a close with 1008 (client code
 *       in the wild reports 1008 for max_connections; we use it for all three).</li>
 *   <li>The connection limit is checked when a socket authenticates: the newcomer is refused, the socket already holding
 *       the key keeps streaming (polygon-io/issues#49 reports the second session being killed).</li>
 *   <li>Tickers are accepted as {@code BTC-USD} (the documented {from}-{to} form) and as {@code X:BTC-USD} (common in client
 *       code); both mean the same subscription. Any ticker is accepted, known or not (there is simply no data for an
 *       unknown one); an unknown channel prefix gets an {@code error} status.</li>
 *   <li>Subscribing before authenticating gets {@code [{"ev":"status","status":"error","message":"not authorized"}]}.</li>
 * </ul>
 */
final class PolygonStreamHub {

    private static final System.Logger LOG = System.getLogger(PolygonStreamHub.class.getName());
    private static final Set<String> CHANNELS = Set.of("XQ", "XT", "XA", "XAS");
    static final short POLICY_VIOLATION = 1008;
    static final String DEFAULT_MALFORMED_FRAME = "[{\"ev\":\"XQ\",\"pair\":\"BTC-USD\",\"bp\":";

    private final PolygonSimulatorConfig config;
    private final Set<PolygonConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong authSuccesses = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong maxConnectionRejections = new AtomicLong();
    private final AtomicLong subscribeRequests = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong rawFramesSent = new AtomicLong();
    private final AtomicLong forcedDisconnects = new AtomicLong();
    private final AtomicInteger authFailuresToInject = new AtomicInteger();
    private final AtomicInteger maxConnectionsToInject = new AtomicInteger();
    private volatile boolean rejectAllAuths;
    private Vertx vertx;
    private long forcedDisconnectTimer = -1;

    PolygonStreamHub(PolygonSimulatorConfig config) {
        this.config = config;
    }

    void start(Vertx vertx) {
        this.vertx = vertx;
        if (config.forcedDisconnectEvery() != null) {
            forcedDisconnectTimer = vertx.setPeriodic(config.forcedDisconnectEvery().toMillis(), ignored -> {
                forcedDisconnects.incrementAndGet();
                closeAll((short) 1001, "forced disconnect");
            });
        }
    }

    void stop(Vertx vertx) {
        if (forcedDisconnectTimer >= 0) {
            vertx.cancelTimer(forcedDisconnectTimer);
        }
        closeAll((short) 1001, "simulator stopping");
    }

    /** Must be called on the socket's event loop, right after the upgrade. */
    void accept(ServerWebSocket socket, HttpConnection httpConnection) {
        PolygonConnection connection = new PolygonConnection(socket, httpConnection, Vertx.currentContext());
        connections.add(connection);
        accepted.incrementAndGet();
        socket.textMessageHandler(text -> onMessage(connection, text));
        socket.exceptionHandler(error -> LOG.log(System.Logger.Level.DEBUG, "polygon socket error: " + error));
        socket.closeHandler(ignored -> {
            connection.markClosed();
            connections.remove(connection);
        });
        connection.write(PolygonJson.status("connected", "Connected Successfully"));
        Vertx current = vertx != null ? vertx : Vertx.currentContext().owner();
        current.setTimer(config.authTimeout().toMillis(), ignored -> {
            if (!connection.authenticated && connection.isOpen()) {
                connection.sendAndClose(PolygonJson.status("auth_timeout", "No authentication request received."),
                        POLICY_VIOLATION, "auth timeout");
            }
        });
    }

    private void onMessage(PolygonConnection connection, String text) {
        if (connection.frozen) {
            return;
        }
        JsonNode message;
        try {
            message = PolygonJson.read(text);
        } catch (JsonProcessingException e) {
            connection.write(PolygonJson.status("error", "invalid message"));
            return;
        }
        String action = message.path("action").asText("");
        String params = message.path("params").asText("");
        switch (action) {
            case "auth" -> authenticate(connection, params);
            case "subscribe" -> subscribe(connection, params, true);
            case "unsubscribe" -> subscribe(connection, params, false);
            default -> connection.write(PolygonJson.status("error", "unknown action"));
        }
    }

    private void authenticate(PolygonConnection connection, String key) {
        if (connection.authenticated) {
            connection.write(PolygonJson.status("auth_success", "authenticated"));
            return;
        }
        boolean injectedFailure = rejectAllAuths || takeOne(authFailuresToInject);
        if (injectedFailure || !config.apiKey().equals(key)) {
            authFailures.incrementAndGet();
            connection.sendAndClose(PolygonJson.status("auth_failed", "authentication failed"), POLICY_VIOLATION,
                    "authentication failed");
            return;
        }
        long holding = connections.stream().filter(other -> other != connection && other.isOpen() && other.authenticated
                && key.equals(other.apiKey)).count();
        if (takeOne(maxConnectionsToInject) || holding >= config.maxConnectionsPerKey()) {
            maxConnectionRejections.incrementAndGet();
            connection.sendAndClose(PolygonJson.status("max_connections", "Maximum number of websocket connections exceeded. "
                    + "You have reached the connection limit for your account. Please contact support at "
                    + "https://massive.com/contact to increase your limit."), POLICY_VIOLATION, "max connections");
            return;
        }
        connection.apiKey = key;
        connection.authenticated = true;
        authSuccesses.incrementAndGet();
        connection.write(PolygonJson.status("auth_success", "authenticated"));
    }

    private void subscribe(PolygonConnection connection, String params, boolean subscribe) {
        if (!connection.authenticated) {
            connection.write(PolygonJson.status("error", "not authorized"));
            return;
        }
        if (subscribe) {
            subscribeRequests.incrementAndGet();
        }
        List<String> answers = new ArrayList<>();
        for (String raw : params.split(",")) {
            String param = raw.trim();
            if (param.isEmpty()) {
                continue;
            }
            String normalised = normalise(param);
            if (normalised == null) {
                answers.add(PolygonJson.write(new PolygonJson.StatusEvent("status", "error", "invalid channel: " + param)));
                continue;
            }
            if (subscribe) {
                connection.subscriptions.add(normalised);
                answers.add(PolygonJson.write(new PolygonJson.StatusEvent("status", "success", "subscribed to: " + param)));
            } else {
                connection.subscriptions.remove(normalised);
                answers.add(PolygonJson.write(new PolygonJson.StatusEvent("status", "success", "unsubscribed to: " + param)));
            }
        }
        if (!answers.isEmpty()) {
            connection.write(PolygonJson.array(answers));
        }
    }

    /** {@code XQ.X:BTC-USD} and {@code XQ.BTC-USD} become {@code XQ.BTC-USD}; null for an unknown channel. */
    static String normalise(String param) {
        int dot = param.indexOf('.');
        if (dot <= 0 || dot == param.length() - 1) {
            return null;
        }
        String channel = param.substring(0, dot).toUpperCase(Locale.ROOT);
        String ticker = param.substring(dot + 1).toUpperCase(Locale.ROOT);
        if (!CHANNELS.contains(channel)) {
            return null;
        }
        if (ticker.startsWith("X:")) {
            ticker = ticker.substring(2);
        }
        return channel + "." + ticker;
    }

    // ---------------------------------------------------------------- outbound

    /** One message per subscribed socket, holding the events of {@code batch} it subscribed to, in order. */
    void broadcast(List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (PolygonConnection connection : connections) {
            List<String> wanted = new ArrayList<>(batch.size());
            for (Event event : batch) {
                if (connection.wants(event.ev(), event.pair())) {
                    wanted.add(event.json());
                }
            }
            if (!wanted.isEmpty()) {
                eventsSent.addAndGet(wanted.size());
                connection.write(PolygonJson.array(wanted));
            }
        }
    }

    /** An event as it goes on the wire, with the channel and pair it is routed by. */
    record Event(String ev, String pair, String json) {
        static Event of(String ev, String pair, Object payload) {
            return new Event(ev, pair, PolygonJson.write(payload));
        }
    }

    /** Sends {@code text} verbatim to every authenticated socket; returns how many got it. */
    int sendRaw(String text) {
        int count = 0;
        for (PolygonConnection connection : connections) {
            if (connection.authenticated && connection.isOpen()) {
                connection.write(text);
                rawFramesSent.incrementAndGet();
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- faults

    int closeAll(short statusCode, String reason) {
        int count = 0;
        for (PolygonConnection connection : connections) {
            connection.sendAndClose(null, statusCode, reason);
            count++;
        }
        return count;
    }

    int dropAll() {
        connections.forEach(PolygonConnection::closeAbruptly);
        return connections.size();
    }

    int freezeAll() {
        connections.forEach(PolygonConnection::freeze);
        return connections.size();
    }

    void failNextAuths(int count) {
        authFailuresToInject.set(count);
    }

    void rejectAllAuths(boolean reject) {
        rejectAllAuths = reject;
    }

    void refuseNextWithMaxConnections(int count) {
        maxConnectionsToInject.set(count);
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
    }

    // ---------------------------------------------------------------- observation

    /** The normalised subscriptions of each open socket (in no particular order of sockets). */
    List<Set<String>> subscriptionsOfOpenSockets() {
        List<Set<String>> all = new ArrayList<>();
        for (PolygonConnection connection : connections) {
            if (connection.isOpen()) {
                all.add(Set.copyOf(new LinkedHashSet<>(connection.subscriptions)));
            }
        }
        return all;
    }

    int openConnections() {
        return (int) connections.stream().filter(PolygonConnection::isOpen).count();
    }

    long accepted() {
        return accepted.get();
    }

    long authSuccesses() {
        return authSuccesses.get();
    }

    long authFailures() {
        return authFailures.get();
    }

    long maxConnectionRejections() {
        return maxConnectionRejections.get();
    }

    long subscribeRequests() {
        return subscribeRequests.get();
    }

    long eventsSent() {
        return eventsSent.get();
    }

    long rawFramesSent() {
        return rawFramesSent.get();
    }

    long forcedDisconnects() {
        return forcedDisconnects.get();
    }
}
