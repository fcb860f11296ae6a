package io.tickflow.simulators.capital;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A test-side streaming connection that records every raw frame it receives. */
final class StreamingProbe {

    final List<String> frames = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    private final WebSocket socket;
    private int correlation;

    StreamingProbe(Vertx vertx, CapitalComSimulator simulator) {
        WebSocketClient client = vertx.createWebSocketClient();
        this.socket = SimulatorHttp.await(client.connect(simulator.port(), "127.0.0.1", "/connect"));
        socket.textMessageHandler(frames::add);
        socket.closeHandler(ignored -> closed.set(true));
    }

    String send(String destination, SimulatorHttp.Tokens tokens, JsonObject payload) {
        String correlationId = Integer.toString(++correlation);
        JsonObject frame = new JsonObject().put("destination", destination).put("correlationId", correlationId)
                .put("cst", tokens.cst()).put("securityToken", tokens.securityToken());
        if (payload != null) {
            frame.put("payload", payload);
        }
        socket.writeTextMessage(frame.encode());
        return correlationId;
    }

    String subscribe(SimulatorHttp.Tokens tokens, String... epics) {
        return send("marketData.subscribe", tokens, new JsonObject().put("epics", new JsonArray(List.of((Object[]) epics))));
    }

    /** Parsed frames with the given destination (malformed frames are skipped). */
    List<JsonObject> framesFor(String destination) {
        return frames.stream().filter(frame -> frame.startsWith("{") && frame.endsWith("}"))
                .map(JsonObject::new)
                .filter(frame -> destination.equals(frame.getString("destination")))
                .toList();
    }

    JsonObject answerTo(String correlationId) {
        return frames.stream().filter(frame -> frame.startsWith("{") && frame.endsWith("}"))
                .map(JsonObject::new)
                .filter(frame -> correlationId.equals(frame.getString("correlationId")))
                .findFirst().orElse(null);
    }

    void close() {
        socket.close();
    }
}
