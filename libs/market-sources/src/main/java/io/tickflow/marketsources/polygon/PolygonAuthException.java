package io.tickflow.marketsources.polygon;

/**
 * The WebSocket refused the key ({@code auth_failed}). The message is the server's status message; the key is never in it.
 */
public class PolygonAuthException extends RuntimeException {

    public PolygonAuthException(String serverMessage) {
        super("Polygon/Massive refused the API key (tickflow.polygon.api-key): " + serverMessage);
    }
}
