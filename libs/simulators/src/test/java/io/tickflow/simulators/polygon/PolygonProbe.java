package io.tickflow.simulators.polygon;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A test-side socket to the Polygon simulator that speaks the protocol by hand and records every event it receives. */
final class PolygonProbe {

    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    volatile Short closeStatus;
    private final WebSocket socket;

    PolygonProbe(Vertx vertx, PolygonSimulator simulator) {
        WebSocketClient client = vertx.createWebSocketClient();
        // Handlers go on in the connect callback, on the event loop, so the greeting sent on accept is not missed.
        this.socket = await(client.connect(simulator.port(), "127.0.0.1", "/crypto").map(opened -> {
            opened.textMessageHandler(messages::add);
            opened.closeHandler(ignored -> {
                closeStatus = opened.closeStatusCode();
                closed.set(true);
            });
            return opened;
        }));
    }

    void send(String action, String params) {
        socket.writeTextMessage("{\"action\":\"" + action + "\",\"params\":\"" + params + "\"}");
    }

    /** Every event received so far, flattened out of the arrays they came in. */
    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (String message : messages) {
            try {
                PolygonJson.read(message).forEach(events::add);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + message, e);
            }
        }
        return events;
    }

    List<JsonNode> events(String ev) {
        return events().stream().filter(event -> ev.equals(event.path("ev").asText())).toList();
    }

    List<String> statuses() {
        return events("status").stream().map(event -> event.path("status").asText() + ": " + event.path("message").asText())
                .toList();
    }

    void close() {
        socket.close();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
